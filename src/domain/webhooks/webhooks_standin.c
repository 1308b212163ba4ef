/*
 * webhooks_standin.c - what the outbox names until the webhooks land:
 * no channel and no job (the hooks branch replaces this file).
 */
#include "domain/outbox/outbox.h"

const struct outbox_channel outbox_channel_webhook = { "webhook", NULL, NULL };
const struct outbox_job outbox_job_webhooks = { "webhooks", 3600, NULL };
