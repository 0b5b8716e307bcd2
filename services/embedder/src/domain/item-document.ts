/** The text of one catalog item as the encoder sees it; shared by training and indexing. */
export function itemDocument(item: {
  title: string;
  localizedTitles?: Record<string, string>;
  brand?: string;
  categoryPath?: readonly string[];
  attributes?: Record<string, string>;
  description?: string;
}): string {
  const parts = [
    item.title,
    ...Object.values(item.localizedTitles ?? {}),
    item.brand ?? '',
    ...(item.categoryPath ?? []),
    ...Object.values(item.attributes ?? {}),
    item.description ?? '',
  ];
  return parts
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .join(' ');
}
