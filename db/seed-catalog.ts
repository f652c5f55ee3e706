/** The vocabulary the seed draws product names and descriptions from, one entry per category. */
export type CategorySeed = {
  slug: string
  name: string
  code: string
  nouns: readonly string[]
  priceRange: readonly [min: number, max: number]
}

export const categorySeeds: readonly CategorySeed[] = [
  { slug: 'desks', name: 'Desks', code: 'DSK', nouns: ['Desk', 'Standing Desk', 'Writing Desk', 'Corner Desk', 'Drafting Table'], priceRange: [14_900, 129_900] },
  { slug: 'chairs', name: 'Chairs', code: 'CHR', nouns: ['Chair', 'Task Chair', 'Lounge Chair', 'Stool', 'Armchair'], priceRange: [4_900, 89_900] },
  { slug: 'lighting', name: 'Lighting', code: 'LGT', nouns: ['Floor Lamp', 'Desk Lamp', 'Pendant', 'Sconce', 'Table Lamp'], priceRange: [2_900, 39_900] },
  { slug: 'storage', name: 'Storage', code: 'STO', nouns: ['Bookcase', 'Shelf', 'Cabinet', 'Crate', 'Sideboard'], priceRange: [3_900, 149_900] },
  { slug: 'kitchen', name: 'Kitchen', code: 'KIT', nouns: ['Skillet', 'Dutch Oven', 'Knife Set', 'Cutting Board', 'Kettle'], priceRange: [1_900, 34_900] },
  { slug: 'bedding', name: 'Bedding', code: 'BED', nouns: ['Duvet Cover', 'Sheet Set', 'Pillow', 'Quilt', 'Throw Blanket'], priceRange: [2_900, 29_900] },
  { slug: 'rugs', name: 'Rugs', code: 'RUG', nouns: ['Area Rug', 'Runner', 'Doormat', 'Round Rug', 'Kilim'], priceRange: [3_900, 119_900] },
  { slug: 'decor', name: 'Decor', code: 'DEC', nouns: ['Vase', 'Mirror', 'Wall Clock', 'Planter', 'Candle Holder'], priceRange: [1_200, 24_900] },
  { slug: 'outdoor', name: 'Outdoor', code: 'OUT', nouns: ['Patio Chair', 'Bistro Table', 'Hammock', 'Lantern', 'Bench'], priceRange: [2_900, 99_900] },
  { slug: 'tableware', name: 'Tableware', code: 'TBL', nouns: ['Dinner Plate Set', 'Bowl Set', 'Mug', 'Carafe', 'Serving Platter'], priceRange: [900, 19_900] },
  { slug: 'bath', name: 'Bath', code: 'BTH', nouns: ['Bath Towel', 'Bath Mat', 'Shower Curtain', 'Soap Dispenser', 'Robe'], priceRange: [900, 14_900] },
  { slug: 'office', name: 'Office', code: 'OFF', nouns: ['Monitor Stand', 'Desk Organizer', 'Notebook', 'Pen Cup', 'File Box'], priceRange: [700, 17_900] },
]

export const adjectives = [
  'Walnut', 'Oak', 'Ash', 'Birch', 'Maple', 'Teak', 'Linen', 'Wool', 'Cotton', 'Brass', 'Copper',
  'Ceramic', 'Stoneware', 'Marble', 'Rattan', 'Cane', 'Steel', 'Cast Iron', 'Glass', 'Terracotta',
  'Nordic', 'Coastal', 'Alpine', 'Harbor', 'Meadow', 'Canyon', 'Prairie', 'Summit', 'Ember', 'Dune',
] as const

export const styles = [
  'Classic', 'Modern', 'Low', 'Tall', 'Compact', 'Wide', 'Slim', 'Folding', 'Curved', 'Studio',
  'Heritage', 'Everyday', 'Grand', 'Petite', 'Woven',
] as const

export const qualities = [
  'hand-finished', 'built to last decades', 'sustainably sourced', 'made in small batches',
  'designed in-house', 'easy to assemble', 'tested for daily use', 'finished with natural oils',
  'shipped flat-packed', 'backed by a ten-year warranty',
] as const

export const details = [
  'Rounded edges make it friendly in small homes.',
  'Each piece shows its own grain and tone.',
  'Solid joinery, no visible screws.',
  'Wipes clean with a damp cloth.',
  'Pairs well with the rest of the collection.',
  'Ships in recycled packaging.',
  'Sized for apartments and studios alike.',
  'The finish deepens beautifully with age.',
] as const
