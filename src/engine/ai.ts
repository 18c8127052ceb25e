/**
 * AI hosting per gross MW per year: colocation and GPU cloud (docs/engine.md states the formulas).
 */
import { HOURS_PER_YEAR } from './mining';

export type AiMode = 'colo' | 'cloud';

export interface AiParams {
  readonly ai_mode: AiMode;
  readonly pue: number;
  readonly load_factor: number;
  readonly power_price_mwh: number;
  readonly ai_capex_mw_it: number;
  readonly ai_opex_mw_it_yr: number;
  readonly facility_life_years: number;
  // colo
  readonly lease_rate_kw_month: number;
  readonly occupancy: number;
  readonly power_pass_through: number;
  readonly tenant_capex_share: number;
  // cloud
  readonly gpu_hour_rate: number;
  readonly kw_per_gpu: number;
  readonly utilization: number;
  readonly gpu_capex: number;
  readonly gpu_life_years: number;
  readonly cloud_opex_pct: number;
}

export interface AiResult {
  readonly mode: AiMode;
  readonly itMw: number;
  readonly gpus: number;
  readonly revenueUsdYr: number;
  readonly powerCostUsdYr: number;
  readonly opexUsdYr: number;
  readonly ebitdaUsdYr: number;
  /** Landlord's up-front capex (facility, plus GPUs for cloud). */
  readonly capexUsd: number;
  /** GPUs alone (replaced every gpu_life_years); 0 for colo. */
  readonly gpuCapexUsd: number;
  readonly depreciationUsdYr: number;
  /** Stabilised EBITDA / capex; NaN when there is no capex. */
  readonly yieldOnCost: number;
}

/** Critical IT MW from one gross MW: 1 / PUE. */
export function itMwPerGrossMw(pue: number): number {
  return 1 / pue;
}

/** Colocation revenue per gross MW per year: IT MW · 1000 · USD/kW-month · 12 · occupancy. */
export function coloRevenueUsdYr(leaseRateKwMonth: number, pue: number, occupancy: number): number {
  return itMwPerGrossMw(pue) * 1000 * leaseRateKwMonth * 12 * occupancy;
}

/** GPUs hosted by one gross MW: IT MW · 1000 / kW per GPU. */
export function gpusPerGrossMw(pue: number, kwPerGpu: number): number {
  return (itMwPerGrossMw(pue) * 1000) / kwPerGpu;
}

/** GPU cloud revenue per gross MW per year: GPUs · USD/GPU-hour · 8 760 · utilization. */
export function gpuCloudRevenueUsdYr(gpuHourRate: number, kwPerGpu: number, utilization: number, pue: number): number {
  return gpusPerGrossMw(pue, kwPerGpu) * gpuHourRate * HOURS_PER_YEAR * utilization;
}

/** Implied lease rate of an announcement: value / (years · 12) / (IT MW · 1000), USD per kW per month. */
export function dealRateKwMonth(contractValueUsd: number, termYears: number, itMw: number): number {
  return contractValueUsd / (termYears * 12) / (itMw * 1000);
}

export function coloPerMwYear(p: AiParams): AiResult {
  const itMw = itMwPerGrossMw(p.pue);
  const revenueUsdYr = coloRevenueUsdYr(p.lease_rate_kw_month, p.pue, p.occupancy);
  const powerCostUsdYr = (1 - p.power_pass_through) * HOURS_PER_YEAR * p.load_factor * p.power_price_mwh;
  const opexUsdYr = itMw * p.ai_opex_mw_it_yr;
  const ebitdaUsdYr = revenueUsdYr - opexUsdYr - powerCostUsdYr;
  const capexUsd = itMw * p.ai_capex_mw_it * (1 - p.tenant_capex_share);
  return {
    mode: 'colo',
    itMw,
    gpus: 0,
    revenueUsdYr,
    powerCostUsdYr,
    opexUsdYr,
    ebitdaUsdYr,
    capexUsd,
    gpuCapexUsd: 0,
    depreciationUsdYr: capexUsd / p.facility_life_years,
    yieldOnCost: capexUsd > 0 ? ebitdaUsdYr / capexUsd : NaN,
  };
}

export function cloudPerMwYear(p: AiParams): AiResult {
  const itMw = itMwPerGrossMw(p.pue);
  const gpus = gpusPerGrossMw(p.pue, p.kw_per_gpu);
  const revenueUsdYr = gpuCloudRevenueUsdYr(p.gpu_hour_rate, p.kw_per_gpu, p.utilization, p.pue);
  const powerCostUsdYr = HOURS_PER_YEAR * p.load_factor * p.power_price_mwh;
  const opexUsdYr = revenueUsdYr * p.cloud_opex_pct;
  const ebitdaUsdYr = revenueUsdYr - opexUsdYr - powerCostUsdYr;
  const gpuCapexUsd = gpus * p.gpu_capex;
  const facilityCapexUsd = itMw * p.ai_capex_mw_it;
  const capexUsd = gpuCapexUsd + facilityCapexUsd;
  return {
    mode: 'cloud',
    itMw,
    gpus,
    revenueUsdYr,
    powerCostUsdYr,
    opexUsdYr,
    ebitdaUsdYr,
    capexUsd,
    gpuCapexUsd,
    depreciationUsdYr: gpuCapexUsd / p.gpu_life_years + facilityCapexUsd / p.facility_life_years,
    yieldOnCost: capexUsd > 0 ? ebitdaUsdYr / capexUsd : NaN,
  };
}

export function aiPerMwYear(p: AiParams): AiResult {
  return p.ai_mode === 'cloud' ? cloudPerMwYear(p) : coloPerMwYear(p);
}
