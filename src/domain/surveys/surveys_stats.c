/*
 * surveys_stats.c - the statistics of survey results: a satisfaction rate
 * k/n with its 95 % confidence interval.
 *
 * The interval is Wilson's score interval (Wilson 1927), which unlike the
 * textbook p +- z sqrt(p(1-p)/n) stays inside 0..1 and does not collapse
 * to a zero width when every household answered the same way - exactly
 * the situation of a commune where 100 % say they are satisfied.  With p =
 * k/n, z = 1.959963984540054 (the 97.5 % point of the normal distribution)
 * and m the effective sample size:
 *
 *              p + z^2 / (2m)        z     /  p (1 - p)     z^2   \ 1/2
 *   centre = -----------------,  h = ----- | ----------- + ------ |
 *              1 + z^2 / m         1 + z^2/m \     m         4 m^2 /
 *
 *   interval = [centre - h, centre + h], clamped to 0..1.
 *
 * Finite population: n households answered out of N in scope, sampled
 * without replacement, so the variance of p is smaller by the factor
 * (N - n) / (N - 1).  Using the effective size m = n (N - 1) / (N - n) in
 * place of n applies that factor to both terms of Wilson's formula.  When
 * every household answered (n >= N) there is no sampling error at all and
 * the interval is the point p.  N = 0 (unknown) or N = 1 uses m = n.
 */
#include <math.h>

#include "domain/surveys/surveys.h"

#define Z95	1.959963984540054

static double
clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

/*
 * k of n answers satisfied, N households in scope (0: unknown).  k is
 * clamped to 0..n and a negative n is taken as 0, so the result is always
 * within 0..1 with lo <= p <= hi.
 */
struct surv_ci
surv_proportion_ci(int64_t k, int64_t n, int64_t N)
{
	if (k < 0)
		k = 0;
	if (k > n)
		k = n;
	return surv_rate_ci(n > 0 ? (double)k / (double)n : 0.0, n, N);
}

struct surv_ci
surv_rate_ci(double p, int64_t n, int64_t N)
{
	struct surv_ci ci = { 0, 0, 1 };
	double m, z2 = Z95 * Z95, denom, centre, h;

	if (n <= 0)
		return ci;
	p = clamp01(p);
	ci.p = p;
	if (N > 0 && n >= N) {
		ci.lo = ci.hi = p;
		return ci;
	}
	m = (double)n;
	if (N > 1)
		m = (double)n * (double)(N - 1) / (double)(N - n);
	denom = 1 + z2 / m;
	centre = (p + z2 / (2 * m)) / denom;
	h = Z95 * sqrt(p * (1 - p) / m + z2 / (4 * m * m)) / denom;
	ci.lo = clamp01(centre - h);
	ci.hi = clamp01(centre + h);
	/* Rounding must not put p outside its own interval (k = 0 or k = n
	 * give lo = 0 or hi = 1 up to an ulp). */
	if (ci.lo > p)
		ci.lo = p;
	if (ci.hi < p)
		ci.hi = p;
	return ci;
}
