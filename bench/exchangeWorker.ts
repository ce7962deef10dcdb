// The local test exchange in a worker thread, so that the main thread's busy time is the core's alone.
// Its clock is the main thread's ManualClock, shared through a SharedArrayBuffer.
import { parentPort, workerData } from 'node:worker_threads'
import { startTestExchange, type KeySpec } from '../tests/exchange-server'

const { clockBuffer, keys } = workerData as { clockBuffer: SharedArrayBuffer; keys: KeySpec[] }
const clock = new BigInt64Array(clockBuffer)

void startTestExchange({ now: () => Number(Atomics.load(clock, 0)), seed: 7, keys }).then((ex) => parentPort?.postMessage({ url: ex.url }))
