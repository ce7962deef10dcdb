// The sections of BENCHMARKS.md. Each section measures one thing and returns its markdown. To add a
// benchmark, write a BenchSection in its own file and append it to SECTIONS below; run.ts runs them
// in order and writes the file.
// First: it loads bench/fsMeter.ts, which must wrap node:fs before conf's writer captures it.
import { storageSoakSection } from './storageSoak'
import { backtestSection } from './backtestSection'
import { calibrateSection } from './calibrateSection'
import { ibrrSpeedSection } from './ibrrSpeed'
import { loopCycleSection } from './loopCycle'
import { rateBudgetSection } from './rateBudget'

export interface BenchSection {
  title: string
  /** Returns the section body in markdown. Throwing marks the section as failed, the rest still run. */
  run(): Promise<string>
}

export const SECTIONS: BenchSection[] = [calibrateSection, backtestSection, ibrrSpeedSection, loopCycleSection, rateBudgetSection, storageSoakSection]
