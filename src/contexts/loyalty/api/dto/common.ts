import { applyDecorators } from '@nestjs/common';
import { IsNumber, Max, Min } from 'class-validator';

export const MAX_AMOUNT = 1_000_000_000;
export const MAX_POINTS = 100_000_000;
/** A money amount: non-negative, at most two decimals. */
export const IsAmount = (min = 0) => applyDecorators(IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }), Min(min), Max(MAX_AMOUNT));
export const REF_RE = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,119}$/;
export const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/;
