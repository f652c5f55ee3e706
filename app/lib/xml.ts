/** Text made safe inside an XML element or a quoted attribute: the five characters XML reserves become references. */
export function escapeXml(text: string) {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`)
}
