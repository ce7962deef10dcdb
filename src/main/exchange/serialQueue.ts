// Runs async jobs one at a time, in submission order; a failed job does not stop the ones queued
// after it. Bitfinex: authenticated calls and nonce issuing, so nonces reach the exchange in order.
// Simulated exchange: every state change, so concurrent callers see one consistent account.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job)
    this.tail = result.catch(() => undefined)
    return result
  }
}
