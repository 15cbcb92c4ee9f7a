/** `import source from 'worker:./x.worker.ts'`: the file bundled on its own, as a string (scripts/build.mjs). */
declare module 'worker:*' {
  const source: string;
  export default source;
}
