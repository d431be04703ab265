import { useCallback, useState } from 'react';
import { isApiError } from '../api/errors';

/**
 * The state of a form's submission: busy while `action` runs, the problem it ended with (null while it runs or
 * after success) and, for a 400, the API's problems by field. One shape for every form's submit button and alert.
 */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (...args: A) => {
      setBusy(true);
      setProblem(null);
      try {
        await action(...args);
      } catch (e) {
        setProblem(e);
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  const fields: Record<string, string> = isApiError(problem) ? problem.fieldErrors() : {};
  return { run, busy, problem, setProblem, fields };
}
