// natural ships its English stop-word list as an untyped CommonJS module.
declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}
