/*
 * batchq.h - the queue of a background writer thread that commits the
 * jobs waiting in batches (the group commits of survey responses and of
 * checkouts): a singly linked FIFO of jobs of any type, linked through
 * their member next.  Macros, as <sys/queue.h> is, so that each queue
 * keeps its own job type.
 *
 * The queue q is a struct with at least
 *	pthread_mutex_t lock;		held around every macro here
 *	pthread_cond_t work;		signalled when a job comes or on stop
 *	bool stopping;
 *	struct <job> *head, *tail;
 */
#ifndef NTM_CORE_BATCHQ_H
#define NTM_CORE_BATCHQ_H

#include <pthread.h>
#include <stddef.h>

/* Appends job (its next already NULL) and wakes the writer. */
#define BATCHQ_PUSH(q, job) do {					\
	if ((q).tail != NULL)						\
		(q).tail->next = (job);					\
	else								\
		(q).head = (job);					\
	(q).tail = (job);						\
	pthread_cond_signal(&(q).work);					\
} while (0)

/*
 * Waits until q has jobs or is stopping, then detaches the first jobs
 * (at most max) into batch, a list whose last job's next is NULL; batch
 * is NULL when q stops with nothing left to write.  last: a variable of
 * the job pointer type, for the macro's use.
 */
#define BATCHQ_TAKE(q, batch, last, max) do {				\
	size_t batchq_n_ = 1;						\
									\
	while ((q).head == NULL && !(q).stopping)			\
		pthread_cond_wait(&(q).work, &(q).lock);		\
	(batch) = (last) = (q).head;					\
	if ((batch) == NULL)						\
		break;							\
	while ((last)->next != NULL && batchq_n_ < (max)) {		\
		(last) = (last)->next;					\
		batchq_n_++;						\
	}								\
	(q).head = (last)->next;					\
	if ((q).head == NULL)						\
		(q).tail = NULL;					\
	(last)->next = NULL;						\
} while (0)

#endif
