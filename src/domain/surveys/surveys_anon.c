/*
 * surveys_anon.c - the disclosure rule of survey results
 * (surv_group_villages, surveys.h): which villages are shown on their
 * own and which are pooled, so that every group whose answers are shown
 * holds at least SURV_GROUP_MIN responses.  Pure; the store applies it to
 * the per-village results, the individual responses and the comments
 * (surveys_results.c), the threat model is docs/SURVEYS.md.
 */
#include "domain/surveys/surveys.h"

bool
surv_group_villages(const int64_t *responses, size_t n, int *group)
{
	int64_t total = 0, pool = 0;

	for (size_t i = 0; i < n; i++) {
		total += responses[i];
		if (responses[i] >= SURV_GROUP_MIN)
			group[i] = (int)i;
		else {
			group[i] = SURV_GROUP_POOLED;
			pool += responses[i];
		}
	}
	/* A pool of 1..MIN-1 responses could be read off as the whole minus
	 * the villages shown: the smallest of those joins it, until it is
	 * large enough or nothing is shown on its own. */
	while (pool > 0 && pool < SURV_GROUP_MIN) {
		size_t k = n;

		for (size_t i = 0; i < n; i++)
			if (group[i] != SURV_GROUP_POOLED && (k == n ||
			    responses[i] < responses[k]))
				k = i;
		if (k == n)
			break;
		group[k] = SURV_GROUP_POOLED;
		pool += responses[k];
	}
	return total >= SURV_GROUP_MIN;
}
