/*
 * notices_standin.c - what the outbox names until the notices land: no
 * channel and no job (the notify branch replaces this file).
 */
#include "domain/outbox/outbox.h"

const struct outbox_channel outbox_channel_mail = { "mail", NULL, NULL };
const struct outbox_job outbox_job_notices = { "notices", 3600, NULL };
