declare module 'wink-porter2-stemmer' {
  /** Porter2 (English) stem of one lowercase word; handles both apostrophes. */
  const stem: (word: string) => string;
  export default stem;
}
