// Entry of the bundled IBRR speed measurement (bench/ibrrSpeed.ts bundles this file with esbuild and runs
// it in its own Node process): the same loops on the same input, printed as JSON.
import { plan } from '../src/main/ibrr'
import { measurePlans } from './ibrrSpeedInput'

process.stdout.write(JSON.stringify({ new: measurePlans(plan, 'new'), reused: measurePlans(plan, 'reused') }))
