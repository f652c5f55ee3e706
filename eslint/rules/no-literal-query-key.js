/**
 * Query and mutation keys are built by the features' key factories (`*.queries.ts`,
 * `*.mutations.ts`) and nowhere else. A key spelled by hand, or taken apart by position, is a
 * second copy of the factory's shape: the day the factory changes, the copy still compiles and
 * silently stops matching the cache entries it was meant to name.
 *
 * Outside the factories this refuses:
 * - a literal array as a key: `queryKey: [...]`, `mutationKey: [...]` (in options and filters
 *   alike), and as the key argument of the QueryClient methods that take one (`setQueryData`, …);
 * - reading a key by position: `queryKey[0]`, `mutation.options.mutationKey?.[1]`,
 *   `queryKey.at(0)`, `const [root] = query.queryKey`, `({ queryKey: [root] }) => …`;
 * - a key root spelled as a string in a Set: `new Set(['catalog', 'cart'])`.
 *
 * Options: `roots`, the factories' key roots (checked against the factories by
 * tests/lint/boundaries.test.ts); `throwawayRoots`, roots a literal key may start with (tests use
 * `['test', …]` for queries that belong to no feature).
 */

const KEY_PROPERTIES = new Set(['queryKey', 'mutationKey'])

/** QueryClient methods whose first argument is a key, not filters. */
const KEY_ARGUMENT_METHODS = new Set([
  'getQueryData',
  'setQueryData',
  'getQueryState',
  'setQueryDefaults',
  'getQueryDefaults',
  'setMutationDefaults',
  'getMutationDefaults',
])

const TYPE_WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'TSNonNullExpression'])

/** `['cart'] as const` is still a literal array. */
function unwrap(node) {
  let current = node
  while (current && TYPE_WRAPPERS.has(current.type)) current = current.expression
  return current
}

/** The name a property or member is known by: `queryKey` in `{ queryKey }`, `query.queryKey`, `queryKey`. */
function nameOf(node) {
  if (!node) return undefined
  if (node.type === 'Identifier') return node.name
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value
  if (node.type === 'MemberExpression' && !node.computed) return nameOf(node.property)
  return undefined
}

const isKey = (node) => KEY_PROPERTIES.has(nameOf(unwrap(node)))

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Keys come from the key factories: no literal keys, no keys read by position, no key roots as strings' },
    schema: [
      {
        type: 'object',
        properties: {
          roots: { type: 'array', items: { type: 'string' }, uniqueItems: true },
          throwawayRoots: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      literalKey: "A literal key outside a key factory: build it with the feature's factory (e.g. `cartKeys.detail()`), in `*.queries.ts` or `*.mutations.ts`.",
      keyByPosition:
        "Reads `{{name}}` by position: the factory owns the key's shape. Match against the factory's key instead (`matchQuery`/`matchMutation` with e.g. `cartKeys.all`).",
      keyRoot: "'{{root}}' is a query key root spelled by hand: take the key from its factory (e.g. `cartKeys.all`) and match with `matchQuery`/`matchMutation`.",
    },
  },
  create(context) {
    const { roots = [], throwawayRoots = [] } = context.options[0] ?? {}

    function reportLiteralKey(node) {
      const array = unwrap(node)
      if (array?.type !== 'ArrayExpression') return
      const first = array.elements[0]
      if (first?.type === 'Literal' && throwawayRoots.includes(first.value)) return
      context.report({ node: array, messageId: 'literalKey' })
    }

    const reportByPosition = (node, keyNode) => context.report({ node, messageId: 'keyByPosition', data: { name: nameOf(unwrap(keyNode)) } })

    return {
      Property(node) {
        if (node.computed || !KEY_PROPERTIES.has(nameOf(node.key))) return
        const value = node.value.type === 'AssignmentPattern' ? node.value.left : node.value
        if (value.type === 'ArrayPattern') reportByPosition(value, node.key)
        else reportLiteralKey(value)
      },
      CallExpression(node) {
        const callee = node.callee
        if (callee.type !== 'MemberExpression' || callee.computed) return
        if (KEY_ARGUMENT_METHODS.has(callee.property.name)) reportLiteralKey(node.arguments[0])
        else if (callee.property.name === 'at' && isKey(callee.object)) reportByPosition(node, callee.object)
      },
      MemberExpression(node) {
        if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'number' && isKey(node.object)) reportByPosition(node, node.object)
      },
      VariableDeclarator(node) {
        if (node.id.type === 'ArrayPattern' && node.init && isKey(node.init)) reportByPosition(node.id, node.init)
      },
      NewExpression(node) {
        if (node.callee.type !== 'Identifier' || node.callee.name !== 'Set') return
        const values = unwrap(node.arguments[0])
        if (values?.type !== 'ArrayExpression') return
        for (const element of values.elements) {
          if (element?.type === 'Literal' && roots.includes(element.value)) context.report({ node: element, messageId: 'keyRoot', data: { root: element.value } })
        }
      },
    }
  },
}
