/**
 * A few connections, each lent to one caller at a time. chdb runs the statements of one
 * connection one after another and keeps session settings per connection, so lending each
 * connection exclusively lets several callers share one store: their statements run in
 * parallel on separate connections, and none sees another's session state.
 */
export class ConnectionPool<C> {
  private readonly all: C[] = [];
  private readonly idle: C[] = [];
  private readonly waiting: ((connection: C) => void)[] = [];
  private lent = 0;
  private closed = false;
  private closing: Promise<void> | undefined;
  private onDrained: (() => void) | undefined;

  constructor(
    private readonly open: () => C,
    private readonly closeConnection: (connection: C) => Promise<void>,
    private readonly size: number,
    private readonly closedError: () => Error,
  ) {
    this.idle.push(this.openOne());
  }

  async use<R>(work: (connection: C) => Promise<R>): Promise<R> {
    const connection = await this.acquire();
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  /** Refuses new work, lets lent and queued work finish, then closes every connection. */
  close(): Promise<void> {
    this.closing ??= this.drainAndClose();
    return this.closing;
  }

  private async drainAndClose(): Promise<void> {
    this.closed = true;
    if (this.lent > 0 || this.waiting.length > 0) {
      await new Promise<void>((resolve) => {
        this.onDrained = resolve;
      });
    }
    const failures: unknown[] = [];
    for (const connection of this.all) {
      await this.closeConnection(connection).catch((error: unknown) => failures.push(error));
    }
    this.all.length = 0;
    this.idle.length = 0;
    if (failures.length > 0) throw failures[0];
  }

  private openOne(): C {
    const connection = this.open();
    this.all.push(connection);
    return connection;
  }

  private acquire(): Promise<C> {
    if (this.closed) return Promise.reject(this.closedError());
    const ready = this.idle.pop() ?? (this.all.length < this.size ? this.openOne() : undefined);
    if (ready !== undefined) {
      this.lent += 1;
      return Promise.resolve(ready);
    }
    return new Promise<C>((resolve) => {
      this.waiting.push((connection) => {
        this.lent += 1;
        resolve(connection);
      });
    });
  }

  private release(connection: C): void {
    this.lent -= 1;
    const next = this.waiting.shift();
    if (next) {
      next(connection);
      return;
    }
    this.idle.push(connection);
    if (this.lent === 0 && this.onDrained) this.onDrained();
  }
}
