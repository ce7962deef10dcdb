export { createRedactor, REDACTED, type Redactor } from './redactor'
export { createFileLogger } from './fileLogger'
export { createMemoryLogger, type MemoryLogger } from './memoryLogger'
