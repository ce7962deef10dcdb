export { createRedactor, REDACTED, type Redactor } from './redactor'
export { createFileLogger, type FileLogger } from './fileLogger'
export { createMemoryLogger, type MemoryLogger } from './memoryLogger'
