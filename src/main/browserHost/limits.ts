// How much the browser host accepts before it refuses. It serves one user's page on 127.0.0.1, so
// these are generous for that page and small for anything flooding it.
export interface HostLimits {
  /** A contract call's JSON body: the largest real one (addKey, settings) is well under 4 KiB. */
  maxBodyBytes: number
  /** Headers must arrive within this, and a whole request (body included) too: a slow or lying client
   *  (a 10 GB Content-Length with 1 byte sent) loses its socket instead of holding it for Node's 300 s. */
  headersTimeoutMs: number
  requestTimeoutMs: number
  /** Open sockets answered at once; one page needs a handful (calls, one event stream, assets). 429 beyond. */
  maxConnections: number
  /** Open event streams: one per open tab; a few tabs are fine, hundreds are an attack or a leak. 429 beyond. */
  maxEventStreams: number
  /** Refused requests are summed up in one log line at most this often, not logged one by one. */
  refusalSummaryIntervalMs: number
}

export const DEFAULT_HOST_LIMITS: HostLimits = {
  maxBodyBytes: 256 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 10_000,
  maxConnections: 32,
  maxEventStreams: 8,
  refusalSummaryIntervalMs: 60_000
}
