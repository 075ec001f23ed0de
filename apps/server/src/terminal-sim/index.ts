// The card terminal simulator: part of the product (`kassa terminal-sim`) and
// of the tests (started in-process on a real socket).
export { startTerminalSimulator, type LedgerEntry, type RunningSimulator, type SimulatorOptions } from './simulator.ts';
export { behaviourFor, refundBehaviourFor, FAST_DELAYS, LIFELIKE_DELAYS, type Behaviour, type RefundBehaviour, type SimulatorDelays } from './test-amounts.ts';
export { cardFor, isLuhnValid, luhnCheckDigit, maskPan, type TestCard } from './test-cards.ts';
