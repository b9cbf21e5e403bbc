import { utilityProcess, type UtilityProcess } from 'electron';
import { fail, type Result } from '../../shared/result';
import type { FromEngineMessage, ToEngineMessage } from '../engine-process/protocol';

/**
 * The main process's handle on the engine utility process: it forwards validated calls and waits for the
 * matching reply. If the engine process dies, pending calls are answered with an error value and the
 * next call starts a fresh engine on the same workspace, whose transactions left it consistent.
 */
export class EngineClient {
  private child: UtilityProcess | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();

  constructor(
    private readonly entryPath: string,
    private readonly workspaceFolder: string,
  ) {}

  async call(method: string, payload: unknown): Promise<Result<unknown>> {
    try {
      await this.start();
    } catch (error) {
      return fail('internal', `The engine could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.post({ type: 'call', id, method, payload });
    });
  }

  async grant(filePath: string, access: 'read' | 'save' = 'read'): Promise<void> {
    await this.start();
    this.post({ type: 'grant', path: filePath, access });
  }

  stop(): void {
    this.child?.kill();
    this.child = null;
    this.ready = null;
  }

  private post(message: ToEngineMessage): void {
    this.child?.postMessage(message);
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    this.ready = new Promise<void>((resolve, reject) => {
      const child = utilityProcess.fork(this.entryPath, ['--workspace', this.workspaceFolder], { serviceName: 'Village Workbench engine', stdio: 'inherit' });
      this.child = child;
      child.on('message', (message: FromEngineMessage) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'failed') reject(new Error(message.message));
        else {
          this.pending.get(message.id)?.(message.result);
          this.pending.delete(message.id);
        }
      });
      child.on('exit', (code) => {
        for (const answer of this.pending.values()) answer(fail('internal', `The engine stopped unexpectedly (exit code ${code}); please try again`));
        this.pending.clear();
        this.child = null;
        this.ready = null;
        reject(new Error(`The engine exited with code ${code}`));
      });
    });
    return this.ready;
  }
}
