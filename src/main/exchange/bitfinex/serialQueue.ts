// Runs async jobs one at a time, in submission order. Authenticated calls go through one queue so
// nonces reach Bitfinex in the order they were issued (parallel requests on one key fail with 10114).
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job)
    this.tail = result.catch(() => undefined)
    return result
  }
}
