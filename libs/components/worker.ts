// `@weft/components/worker`: the parts that need the Temporal worker (a native module), kept out of the main entry
// that the API and the workflow bundle import.
export * from './src/run-component-worker';
