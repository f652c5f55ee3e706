import { useId, useState, type ReactNode } from 'react'
import { isApiError } from '~/lib/api-error'
import { formActions } from '~/lib/form-actions'
import { useFormFlash } from '~/lib/form-flash'
import { formatMoney } from '~/lib/money'
import { conflictingProduct, type AdminCategory, type AdminProduct, type ProductChange } from '../catalog-admin.answers'
import { fieldErrorsOf, fieldsThatDiffer, readCreateForm, readEditForm, type FieldErrors, type ProductFormFields } from '../catalog-admin.inputs'
import { useArchiveProductMutation, useCreateProductMutation, useEditProductMutation, type CatalogChangeError } from '../catalog-admin.mutations'
import { dollars } from '../row-drafts'

const fieldsOf = (product: AdminProduct): ProductFormFields => ({
  name: product.name,
  description: product.description,
  categorySlug: product.category.slug,
  price: dollars(product.priceCents),
  stock: String(product.stock),
  slug: product.slug,
})

const emptyFields = (categories: AdminCategory[]): ProductFormFields => ({ name: '', description: '', categorySlug: categories[0]?.slug ?? '', price: '', stock: '0', sku: '' })

/** What a refused change says, field by field where the server named the field. */
function errorsFrom(error: CatalogChangeError): FieldErrors {
  if (isApiError(error) && (error.code === 'VALIDATION_ERROR' || error.code === 'ALREADY_EXISTS') && Array.isArray(error.details)) {
    const errors = fieldErrorsOf(error.details as Array<{ path: string; message: string }>)
    if (Object.keys(errors).length > 0) return errors
  }
  return { form: error.message }
}

function Field({ label, name, error, hint, children }: { label: string; name: string; error?: string; hint?: string; children: (props: FieldProps) => ReactNode }) {
  const id = useId()
  const described = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({ id, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': described })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-stone-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  )
}

type FieldProps = { id: string; name: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined }

const inputClass = 'block w-full rounded border border-stone-300 px-2 py-1.5 aria-[invalid=true]:border-red-700'

function ProductFields({
  fields,
  errors,
  categories,
  mode,
  onChange,
}: {
  fields: ProductFormFields
  errors: FieldErrors
  categories: AdminCategory[]
  mode: 'create' | 'edit'
  onChange: (fields: ProductFormFields) => void
}) {
  const set = (field: keyof ProductFormFields) => (event: { target: { value: string } }) => onChange({ ...fields, [field]: event.target.value })
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <Field label="Name" name="name" error={errors.name}>
          {(props) => <input {...props} value={fields.name} onChange={set('name')} maxLength={120} required className={inputClass} />}
        </Field>
      </div>
      {mode === 'create' ? (
        <Field label="SKU" name="sku" error={errors.sku} hint="Letters, digits and hyphens, unique in the shop.">
          {(props) => <input {...props} value={fields.sku ?? ''} onChange={set('sku')} maxLength={40} required autoCapitalize="characters" className={`${inputClass} font-mono`} />}
        </Field>
      ) : (
        <Field label="Web address" name="slug" error={errors.slug} hint="Changing it keeps the old address working: it redirects here.">
          {(props) => <input {...props} value={fields.slug ?? ''} onChange={set('slug')} maxLength={120} required className={`${inputClass} font-mono`} />}
        </Field>
      )}
      <Field label="Category" name="categorySlug" error={errors.categorySlug}>
        {(props) => (
          <select {...props} value={fields.categorySlug} onChange={set('categorySlug')} className={inputClass}>
            {categories.map((category) => (
              <option key={category.slug} value={category.slug}>
                {category.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Price in dollars" name="price" error={errors.price}>
        {(props) => <input {...props} value={fields.price} onChange={set('price')} inputMode="decimal" required className={`${inputClass} tabular-nums`} />}
      </Field>
      <Field label="Stock" name="stock" error={errors.stock}>
        {(props) => <input {...props} value={fields.stock} onChange={set('stock')} inputMode="numeric" required className={`${inputClass} tabular-nums`} />}
      </Field>
      <div className="sm:col-span-2">
        <Field label="Description" name="description" error={errors.description}>
          {(props) => <textarea {...props} value={fields.description} onChange={set('description')} rows={5} maxLength={4000} required className={inputClass} />}
        </Field>
      </div>
    </div>
  )
}

function FormProblem({ message }: { message?: string }) {
  return message ? (
    <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
      {message}
    </p>
  ) : null
}

/** A new product: on sale once created; the page then moves to the product's own editor. */
export function ProductCreateForm({ categories, onCreated }: { categories: AdminCategory[]; onCreated: (change: ProductChange) => void }) {
  // Sent without JavaScript and refused: the server handed back what was typed, and why.
  const flash = useFormFlash('adminCreateProduct')
  const [fields, setFields] = useState(() => ({ ...emptyFields(categories), ...flash?.fields }))
  const [errors, setErrors] = useState<FieldErrors>(flash?.fieldErrors ?? {})
  const create = useCreateProductMutation()
  return (
    <form
      method="post"
      action={formActions.adminCreateProduct}
      noValidate
      className="max-w-2xl space-y-4"
      onSubmit={(event) => {
        event.preventDefault()
        const read = readCreateForm(fields)
        if (read.errors) return setErrors(read.errors)
        setErrors({})
        create.mutate(read.input, { onSuccess: onCreated, onError: (error) => setErrors(errorsFrom(error)) })
      }}
    >
      <FormProblem message={errors.form} />
      <ProductFields fields={fields} errors={errors} categories={categories} mode="create" onChange={setFields} />
      <button type="submit" disabled={create.isPending} className="rounded bg-stone-900 px-4 py-2 text-white disabled:bg-stone-500">
        {create.isPending ? 'Creating…' : 'Create product'}
      </button>
    </form>
  )
}

const fieldLabels: Record<keyof ProductFormFields, string> = {
  name: 'Name',
  slug: 'Web address',
  sku: 'SKU',
  categorySlug: 'Category',
  price: 'Price',
  stock: 'Stock',
  description: 'Description',
}

/** A save refused because another admin saved first: their product, and which fields each side changed. */
type Conflict = { theirs: AdminProduct; mine: Array<keyof ProductFormFields>; alsoTheirs: Array<keyof ProductFormFields> }

/**
 * One product's editor. `product` is the live entry (events and other admins' saves rewrite it);
 * the form edits from `base`, the version it loaded, and a save sends only the fields the admin
 * changed from it. While nothing is typed, a newer version replaces the form; once something is,
 * the form says the product changed, and a save conflicts (409). The form then moves onto their
 * version, keeping the admin's own changes: the fields the admin did not touch show theirs, and
 * the table sets the admin's changes beside theirs. Keep mine saves those changes on their
 * version; Take theirs drops them.
 */
export function ProductEditForm({ product, categories }: { product: AdminProduct; categories: AdminCategory[] }) {
  // Sent without JavaScript and refused (a conflict among the reasons): the server handed back the
  // fields the admin changed, and why.
  const flash = useFormFlash('adminEditProduct')
  const [base, setBase] = useState(product)
  const [fields, setFields] = useState(() => ({ ...fieldsOf(product), ...flash?.fields }))
  const [errors, setErrors] = useState<FieldErrors>(flash?.fieldErrors ?? {})
  const [conflict, setConflict] = useState<Conflict>()
  const [archiveConflict, setArchiveConflict] = useState<AdminProduct>()
  const [saved, setSaved] = useState<string>()
  const edit = useEditProductMutation()
  const archive = useArchiveProductMutation()
  const dirty = fieldsThatDiffer(fields, fieldsOf(base)).length > 0

  // A newer version arrived while nothing was typed: show it (adjusting state during render, as React advises for props).
  if (product.version > base.version && !dirty && !conflict) {
    setBase(product)
    setFields(fieldsOf(product))
  }
  const changedOnServer = product.version > base.version && dirty && !conflict

  const apply = (change: ProductChange, message: string, { keepTyped = false } = {}) => {
    setBase(change.product)
    if (!keepTyped) setFields(fieldsOf(change.product))
    setConflict(undefined)
    setArchiveConflict(undefined)
    setErrors({})
    setSaved(message)
  }
  const refused = (error: CatalogChangeError) => {
    const theirs = conflictingProduct(error)
    if (!theirs) return setErrors(errorsFrom(error))
    const loaded = fieldsOf(base)
    const mine = fieldsThatDiffer(fields, loaded)
    const now = fieldsOf(theirs)
    // Onto their version, with the admin's own changes on top.
    setFields({ ...now, ...Object.fromEntries(mine.map((field) => [field, fields[field]])) })
    setBase(theirs)
    setConflict({ theirs, mine: mine.filter((field) => (fields[field] ?? '').trim() !== (now[field] ?? '').trim()), alsoTheirs: fieldsThatDiffer(now, loaded).filter((field) => !mine.includes(field)) })
  }
  const save = () => {
    setSaved(undefined)
    const read = readEditForm(fields, fieldsOf(base), base.version)
    if (read.errors?.form && conflict) {
      // Their version already holds everything this admin changed.
      setConflict(undefined)
      return setSaved('Their version already has your changes.')
    }
    if (read.errors) return setErrors(read.errors)
    setErrors({})
    edit.mutate({ productId: product.id, ...read.input }, { onSuccess: (change) => apply(change, 'Saved.'), onError: refused })
  }
  const takeTheirs = (theirs: AdminProduct) => {
    setBase(theirs)
    setFields(fieldsOf(theirs))
    setConflict(undefined)
    setErrors({})
  }
  const setSale = (version: number) =>
    archive.mutate(
      { productId: product.id, version, archived: !base.archived },
      {
        onSuccess: (change) => apply(change, change.product.archived ? 'Taken off sale.' : 'Back on sale.', { keepTyped: dirty }),
        onError: (error) => {
          const theirs = conflictingProduct(error)
          if (!theirs) return setErrors(errorsFrom(error))
          if (theirs.archived !== base.archived) {
            // Someone else already did it: nothing left to do.
            setBase(theirs)
            if (!dirty) setFields(fieldsOf(theirs))
            return setSaved(theirs.archived ? 'Someone else took it off sale.' : 'Someone else put it back on sale.')
          }
          setArchiveConflict(theirs)
        },
      },
    )

  return (
    <div className="max-w-2xl space-y-6">
      <form
        method="post"
        action={formActions.adminEditProduct}
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault()
          save()
        }}
      >
        <input type="hidden" name="productId" value={product.id} />
        <input type="hidden" name="version" value={base.version} />
        {/* What the form was loaded with: a save without JavaScript sends only what differs from it. */}
        {Object.entries(fieldsOf(base)).map(([field, value]) => (
          <input key={field} type="hidden" name={`base.${field}`} value={value} />
        ))}
        <FormProblem message={errors.form} />
        {changedOnServer ? (
          <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            Someone changed this product while you were editing. Saving will show you both versions.
          </p>
        ) : null}
        {conflict ? (
          <div role="alert" className="space-y-3 rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950">
            <p>
              Someone else saved this product first. The form now shows their version with your changes on it
              {conflict.alsoTheirs.length > 0 ? `; they also changed ${conflict.alsoTheirs.map((field) => fieldLabels[field].toLowerCase()).join(', ')}` : ''}.
            </p>
            {conflict.mine.length > 0 ? (
              <table className="w-full text-left">
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Yours</th>
                    <th scope="col">Theirs</th>
                  </tr>
                </thead>
                <tbody>
                  {conflict.mine.map((field) => (
                    <tr key={field}>
                      <th scope="row" className="pr-2 font-medium">
                        {fieldLabels[field]}
                      </th>
                      <td className="max-w-48 truncate pr-2">{fields[field]}</td>
                      <td className="max-w-48 truncate">{fieldsOf(conflict.theirs)[field]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <div className="flex gap-2">
              <button type="submit" className="rounded border border-amber-700 px-3 py-1">
                Keep mine
              </button>
              <button type="button" className="rounded border border-amber-700 px-3 py-1" onClick={() => takeTheirs(conflict.theirs)}>
                Take theirs
              </button>
            </div>
          </div>
        ) : null}
        <ProductFields fields={fields} errors={errors} categories={categories} mode="edit" onChange={setFields} />
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" disabled={edit.isPending} className="rounded bg-stone-900 px-4 py-2 text-white disabled:bg-stone-500">
            {edit.isPending ? 'Saving…' : 'Save changes'}
          </button>
          <p role="status" className="text-sm text-emerald-800">
            {saved}
          </p>
        </div>
      </form>
      <section aria-labelledby="sale-heading" className="space-y-2 rounded border border-stone-200 p-4">
        <h2 id="sale-heading" className="font-medium">
          {base.archived ? 'Off sale' : 'On sale'}
        </h2>
        <p className="text-sm text-stone-600">
          {base.archived
            ? 'Shoppers cannot find or buy it; its page says it is no longer sold. Orders that hold it are unchanged.'
            : `Listed in ${base.category.name} at ${formatMoney(base.priceCents)}. Taking it off sale removes it from listings and search; carts holding it cannot check out.`}
        </p>
        <form
          method="post"
          action={formActions.adminArchiveProduct}
          onSubmit={(event) => {
            event.preventDefault()
            setSale(archiveConflict?.version ?? base.version)
          }}
        >
          <input type="hidden" name="productId" value={product.id} />
          <input type="hidden" name="version" value={base.version} />
          <input type="hidden" name="archived" value={String(!base.archived)} />
          {archiveConflict ? (
            <p role="alert" className="mb-2 text-sm text-amber-900">
              Someone else saved this product first (version {archiveConflict.version}). It is still {archiveConflict.archived ? 'off' : 'on'} sale: send again to go ahead.
            </p>
          ) : null}
          <button type="submit" disabled={archive.isPending} className="rounded border border-stone-400 px-3 py-1.5 text-sm disabled:text-stone-500">
            {archive.isPending ? 'Saving…' : base.archived ? 'Put back on sale' : 'Take off sale'}
          </button>
        </form>
      </section>
    </div>
  )
}
