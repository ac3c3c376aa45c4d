/* Internal: a double as the shortest decimal text that reads back to it.
 *
 * slp_dtoa() writes the fewest significant digits that parse back (with any
 * correctly rounding strtod) to exactly the same double; when several digit
 * strings of that length do, the one closest to the double's exact value
 * (ties: even last digit). The method is Schubfach (R. Giulietti, 2020):
 * exact integer arithmetic on the binary significand and a 126-bit power of
 * ten, no floating point, no printf, no locale.
 *
 * The text has the shape printf("%.*g", P, v) gives, so that documents
 * written before this formatter existed stay byte-identical wherever the
 * digits agree: with n the number of digits and X the decimal exponent
 * (v = d.ddd x 10^X), P = max(15, n), and the text is
 *   - scientific, "d.ddde-05" / "de+15" (sign and at least two exponent
 *     digits), when X < -4 or X >= P;
 *   - fixed otherwise, "123.45", "0.00012", "1234567890123456".
 * P = max(15, n) is the precision the former formatter settled on (the
 * first of %.15g, %.16g, %.17g that read back): for a normal double whose
 * shortest form has n <= 15 digits, %.15g prints exactly those digits
 * (DBL_DIG = 15), and a 16- or 17-digit shortest form means %.15g (and for
 * 17, %.16g) did not read back. Whole numbers below 1e15 in magnitude are
 * written as integers ("250000"), -0 as "0".
 *
 * Non-finite values give "nan", "inf" or "-inf" (the JSON writer writes
 * null instead, see json_write.h). Thread-safe, no allocation. */
#ifndef SLP_DTOA_H
#define SLP_DTOA_H

#include <stddef.h>
#include <stdint.h>

/* Bytes slp_dtoa() may write, NUL included ("-2.2250738585072014e-308"). */
#define SLP_DTOA_SIZE 32

/* Write v into buf (at least SLP_DTOA_SIZE bytes), NUL-terminated; return
 * the length. */
size_t slp_dtoa(double v, char *buf);

/* The shortest decimal of a finite, non-zero |v|: *digits (no trailing
 * zeros, at most 17 digits) x 10^*exp10. For tests and for callers that lay
 * the digits out themselves. */
void slp_dtoa_shortest(double v, uint64_t *digits, int *exp10);

#endif
