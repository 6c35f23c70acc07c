/**
 * Clean-up steps run in reverse order of start, every one of them even when an earlier one
 * fails (a failed server close must not leave the next server or a lock file behind).
 */
export interface ShutdownSteps {
  add(step: () => Promise<void>): void;
  /** Runs the steps added so far, last first; failures are reported, then the first is thrown. */
  run(): Promise<void>;
}

export function shutdownSteps(onError?: (error: unknown) => void): ShutdownSteps {
  const steps: Array<() => Promise<void>> = [];
  return {
    add: (step) => void steps.push(step),
    async run() {
      const failures: unknown[] = [];
      for (const step of steps.splice(0).reverse()) {
        try {
          await step();
        } catch (error) {
          failures.push(error);
          onError?.(error);
        }
      }
      if (failures.length > 0 && !onError) throw failures[0];
    },
  };
}
