export {
  recordStockMovements,
  stockWrites,
  type NewMovement,
  type MovementKind,
  type LevelAfter,
} from './stock-ledger.ts';
export { checkStockLevels, type StockLevelCheck, type LevelMismatch } from './check-stock-levels.ts';
export { adjustStock, recordStockCount } from './stock-commands.ts';
export { registerInventoryRoutes } from './inventory.routes.ts';
