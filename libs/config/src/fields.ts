import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Schema builders for environment variables (all values arrive as strings). */

const portNumber = () =>
  z.coerce
    .number({ message: 'expected a port number' })
    .int('expected a whole port number')
    .min(0, 'expected a port number from 0 to 65535')
    .max(65535, 'expected a port number from 0 to 65535');

export const port = (fallback: number) => portNumber().default(fallback);

/** A port that may be left unset (or empty): undefined then. */
export const optionalPort = () => z.preprocess((raw) => (raw === '' ? undefined : raw), portNumber().optional());

export const positiveInt = (fallback: number) =>
  z.coerce
    .number({ message: 'expected a number' })
    .int('expected a whole number')
    .positive('expected a positive number')
    .default(fallback);

export const nonNegativeNumber = (fallback: number) =>
  z.coerce.number({ message: 'expected a number' }).nonnegative('expected zero or more').default(fallback);

export const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const list = (fallback: string[]) =>
  z
    .string()
    .default(fallback.join(','))
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );

export const hostPortList = (fallback: string[]) =>
  list(fallback).refine((items) => items.length > 0 && items.every((i) => /^[^:\s]+:\d{1,5}$/.test(i)), {
    message: 'expected a comma-separated list of host:port',
  });

export const url = () => z.url({ message: 'expected a URL such as http://host:8123' });

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.enum(values, { message: `expected one of ${values.join(', ')}` }).default(fallback as never);

export const logLevel = () => oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info');

export const nonEmpty = (fallback?: string) =>
  fallback === undefined
    ? z.string().min(1, 'must not be empty')
    : z.string().min(1, 'must not be empty').default(fallback);

/** A PEM file of certificates (a private CA), read once at start-up: its text. */
export const certificateFile = () =>
  z
    .string()
    .min(1, 'must not be empty')
    .transform((path, ctx) => {
      let pem: string;
      try {
        pem = readFileSync(path, 'utf8');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code}` });
        return z.NEVER;
      }
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
        ctx.addIssue({ code: 'custom', message: `${path} holds no PEM certificate` });
        return z.NEVER;
      }
      return pem;
    });
