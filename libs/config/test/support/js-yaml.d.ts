/** The part of js-yaml 3 (CommonJS, no bundled types) the manifest tests use. */
declare module 'js-yaml' {
  const yaml: {
    safeLoad(text: string): unknown;
    safeLoadAll(text: string): unknown[];
  };
  export default yaml;
}
