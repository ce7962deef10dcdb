// Every property test runs on one fixed fast-check seed, so CI is reproducible: a failure prints its seed
// and shrunk counterexample, and the same run fails again. FC_SEED=<n> explores other inputs locally.
import fc from 'fast-check'

fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 20261201) })
