/** The installed dataset's version, without loading the dataset (the CDK app reads it at synth). */
// The package's `exports` hides its package.json from bare imports; the file is there all the same.
import datasetPackage from '../../node_modules/@pydantic/genai-prices/package.json' with { type: 'json' };

export const DATASET_VERSION: string = datasetPackage.version;
/** The `source` of the rows the dataset gives. */
export const DATASET_SOURCE = `genai-prices@${DATASET_VERSION}` as const;
