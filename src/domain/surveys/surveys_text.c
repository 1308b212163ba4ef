/*
 * surveys_text.c - how the figures of a survey read for people, shared by
 * the exporters and the pages: the name of a campaign's state (numbers:
 * core/numfmt.h); and the checks and clean-up
 * every results export does (surveys_export_internal.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/msg.h"
#include "domain/surveys/surveys_export_internal.h"

const char *
surv_state_key(const char *state)
{
	static const char *const keys[][2] = {
		{ "scheduled", "surv_state_scheduled" },
		{ "open", "surv_state_open" },
		{ "closed", "surv_state_closed" },
	};

	for (size_t i = 0; state != NULL && i < sizeof(keys) / sizeof(keys[0]);
	    i++)
		if (strcmp(state, keys[i][0]) == 0)
			return keys[i][1];
	return state;
}

enum err
surv_export_check(json_t *results, bool with_rows, json_t *rows,
    struct errinfo *ei)
{
	if (!json_is_array(json_object_get(results, "questions")))
		return err_set(ei, ERR_INVALID, "surveys.bad_results",
		    "questions", "Kết quả khảo sát không có danh sách câu hỏi",
		    "The survey results have no list of questions");
	if (with_rows && !json_is_array(rows))
		return err_set(ei, ERR_INVALID, "surveys.bad_rows", "rows",
		    "Danh sách phiếu không hợp lệ",
		    "The list of responses is not valid");
	return ERR_OK;
}

void
surv_export_undo(struct buf *out, size_t start)
{
	if (out->data != NULL) {
		out->len = start;
		out->data[start] = '\0';
	}
}

bool
surv_export_is_text(json_t *q)
{
	const char *type = json_string_value(json_object_get(q, "type"));

	return type != NULL && strcmp(type, "text") == 0;
}
