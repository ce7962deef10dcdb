export { createRedactor, REDACTED, type Redactor } from './redactor'
export { createFileLogger, type FileLogger, type FileLoggerOptions } from './fileLogger'
export { createMemoryLogger, type MemoryLogger } from './memoryLogger'
export { formatLogLine } from './logLine'
