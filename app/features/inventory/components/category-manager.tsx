import { useId, useState } from 'react'
import { isApiError } from '~/lib/api-error'
import { formActions } from '~/lib/form-actions'
import { useFormFlash } from '~/lib/form-flash'
import { useCreateCategoryMutation, useRenameCategoryMutation, type CatalogChangeError } from '../catalog-admin.mutations'
import { conflictingCategory, type AdminCategory } from '../catalog-admin.answers'
import { categoryNameSchema, createCategoryInputSchema, fieldErrorsOf } from '../catalog-admin.inputs'

/** The message for the name field: the schema's, or the server's for that field, or its own words. */
function nameProblem(error: CatalogChangeError) {
  if (isApiError(error) && Array.isArray(error.details)) {
    const errors = fieldErrorsOf(error.details as Array<{ path: string; message: string }>)
    return errors.name ?? errors.slug ?? error.message
  }
  return error.message
}

/** A category's name field; its status line (`${id}-status`) says what is wrong with it, or that it was saved. */
function CategoryNameInput({ id, name, onChange, invalid }: { id: string; name: string; onChange: (name: string) => void; invalid: boolean }) {
  return (
    <input
      id={id}
      name="name"
      value={name}
      onChange={(event) => onChange(event.target.value)}
      maxLength={60}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={`${id}-status`}
      className="min-w-0 flex-1 rounded border border-stone-300 px-2 py-1.5"
    />
  )
}

/** One category's name, renamed in place at the version the admin saw; a conflict offers theirs or mine. */
function CategoryRow({ category }: { category: AdminCategory }) {
  const id = useId()
  const [name, setName] = useState(category.name)
  const [base, setBase] = useState(category)
  const [problem, setProblem] = useState<string>()
  const [theirs, setTheirs] = useState<AdminCategory>()
  const [saved, setSaved] = useState(false)
  const rename = useRenameCategoryMutation()
  if (category.version > base.version && name === base.name && !theirs) {
    setBase(category)
    setName(category.name)
  }
  const save = (version: number) => {
    const parsed = categoryNameSchema.safeParse(name)
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message)
    setProblem(undefined)
    setSaved(false)
    rename.mutate(
      { slug: category.slug, name: parsed.data, version },
      {
        onSuccess: (renamed) => {
          setBase(renamed)
          setName(renamed.name)
          setTheirs(undefined)
          setSaved(true)
        },
        onError: (error) => {
          const current = conflictingCategory(error)
          if (current) return setTheirs(current)
          setProblem(nameProblem(error))
        },
      },
    )
  }
  return (
    <li className="space-y-1 border-b border-stone-100 py-3">
      <form
        method="post"
        action={formActions.adminRenameCategory}
        noValidate
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault()
          save(theirs?.version ?? base.version)
        }}
      >
        <input type="hidden" name="slug" value={category.slug} />
        <input type="hidden" name="version" value={base.version} />
        <label htmlFor={id} className="w-full text-sm sm:w-auto">
          <span className="block font-medium">
            /categories/{category.slug} · {category.productCount} on sale
          </span>
        </label>
        <CategoryNameInput id={id} name={name} onChange={setName} invalid={problem !== undefined} />
        <button type="submit" disabled={rename.isPending} className="rounded bg-stone-900 px-3 py-1.5 text-sm text-white disabled:bg-stone-500">
          {rename.isPending ? 'Renaming…' : 'Rename'}
        </button>
      </form>
      <div id={`${id}-status`} role="status" className="text-sm">
        {problem ? <span className="text-red-800">{problem}</span> : null}
        {saved ? <span className="text-emerald-800">Renamed.</span> : null}
        {theirs ? (
          <span className="flex flex-wrap items-center gap-2 text-amber-900">
            Someone renamed it first, to “{theirs.name}”. Yours: “{name}”.
            <button type="button" className="rounded border border-amber-700 px-2" onClick={() => save(theirs.version)}>
              Keep mine
            </button>
            <button
              type="button"
              className="rounded border border-amber-700 px-2"
              onClick={() => {
                setBase(theirs)
                setName(theirs.name)
                setTheirs(undefined)
              }}
            >
              Take theirs
            </button>
          </span>
        ) : null}
      </div>
    </li>
  )
}

/**
 * A new category at the end of the menu. Its web address is made from the name unless one is
 * given: a name with no Latin letters or digits (Кухня, 厨房) needs one.
 */
function NewCategoryForm() {
  const id = useId()
  const flash = useFormFlash('adminCreateCategory')
  const [name, setName] = useState(flash?.fields?.name ?? '')
  const [slug, setSlug] = useState(flash?.fields?.slug ?? '')
  const [problem, setProblem] = useState<string | undefined>(flash?.fieldErrors?.name ?? flash?.fieldErrors?.slug)
  const [created, setCreated] = useState<string>()
  const create = useCreateCategoryMutation()
  return (
    <form
      method="post"
      action={formActions.adminCreateCategory}
      noValidate
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault()
        const parsed = createCategoryInputSchema.safeParse({ name, ...(slug.trim() ? { slug: slug.trim() } : {}) })
        if (!parsed.success) return setProblem(parsed.error.issues[0]?.message)
        setProblem(undefined)
        create.mutate(parsed.data, {
          onSuccess: (category) => {
            setName('')
            setSlug('')
            setCreated(`Created ${category.name} at /categories/${category.slug}.`)
          },
          onError: (error) => setProblem(nameProblem(error)),
        })
      }}
    >
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <label htmlFor={id} className="text-sm font-medium">
          New category
        </label>
        <CategoryNameInput id={id} name={name} onChange={setName} invalid={problem !== undefined} />
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <label htmlFor={`${id}-slug`} className="text-sm font-medium">
          Web address (optional)
        </label>
        <input
          id={`${id}-slug`}
          name="slug"
          value={slug}
          onChange={(event) => setSlug(event.target.value)}
          maxLength={120}
          placeholder="made from the name"
          aria-describedby={`${id}-status`}
          className="min-w-0 rounded border border-stone-300 px-2 py-1.5 font-mono"
        />
      </div>
      <button type="submit" disabled={create.isPending} className="rounded bg-stone-900 px-3 py-1.5 text-sm text-white disabled:bg-stone-500">
        {create.isPending ? 'Creating…' : 'Create'}
      </button>
      <p id={`${id}-status`} role="status" className="w-full text-sm">
        {problem ? <span className="text-red-800">{problem}</span> : null}
        {created ? <span className="text-emerald-800">{created}</span> : null}
      </p>
    </form>
  )
}

/** Every category, in menu order: rename any, create new ones (at the end of the menu). */
export function CategoryManager({ categories }: { categories: AdminCategory[] }) {
  return (
    <div className="max-w-2xl space-y-6">
      <NewCategoryForm />
      <ul aria-label="Categories">
        {categories.map((category) => (
          <CategoryRow key={category.slug} category={category} />
        ))}
      </ul>
    </div>
  )
}
