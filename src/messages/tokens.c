/*
 * tokens.c - the message table of API tokens' limits (the /tokens page,
 * issue 20: a token for exchange limited to reading and to one unit).
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_tokens[] = {
	{ "tok_limits", "Giới hạn", "Limits" },
	{ "tok_read_only", "Chỉ đọc", "Read only" },
	{ "tok_read_write", "Đọc và ghi", "Read and write" },
	{ "tok_whole_scope", "Toàn bộ phạm vi của bạn", "All of your scope" },
	{ "tok_read_only_help", "Khóa chỉ đọc không thể thay đổi dữ liệu: mọi "
	  "yêu cầu ghi đều bị từ chối.", "A read-only token cannot change "
	  "anything: every write is refused." },
	{ "field_tokens_unit", "Chỉ trong đơn vị (để trống: toàn bộ phạm vi của "
	  "bạn)", "Only inside the unit (leave empty: all of your scope)" },
	{ "field_read_only", "Chỉ đọc", "Read only" },
	{ NULL, NULL, NULL }
};
