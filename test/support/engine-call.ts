import type { EngineMethodName, RequestOf, ResponseOf } from '../../shared/api';
import type { Engine } from '../../electron/engine/engine';

/** A contract method through the engine's typed entry point, its error value thrown so a test reads only the answer. */
export async function callOk<M extends EngineMethodName>(engine: Engine, method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
  const result = await engine.call(method, request);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}
