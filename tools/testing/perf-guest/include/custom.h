/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CUSTOM: test-modified versions of kernel facilities.  These are where
 * the harness models the machine, and where it measures.
 *
 *  - per-cpu variables are thread-locals: a simulated CPU is a thread;
 *  - NMI context is a signal handler (see cpu.c); in_nmi() and
 *    irq_stat.__nmi_count are kept by the harness's NMI entry;
 *  - RCU is a small real grace-period implementation (shim/rcu.c); its
 *    readers are NMI handlers;
 *  - WARN_ON() counts instead of printing a backtrace, and the harness fails
 *    a run that warned; pr_*() print only with -v;
 *  - struct kvm_vcpu gains pg_hw, a pointer to the harness's model of the
 *    hardware that runs it; kvm_x86_ops holds only get_cpl;
 *  - STGI/CLGI and the VMX NMI re-raise are the harness's hardware model.
 */
#ifndef _PG_CUSTOM_H
#define _PG_CUSTOM_H

#include <pthread.h>

#include "dup.h"
#include "stubs.h"

/* <linux/percpu.h> */
#define DEFINE_PER_CPU(type, name)	__thread type name
#define DECLARE_PER_CPU(type, name)	extern __thread type name
#define this_cpu_ptr(ptr)		(ptr)
#define __this_cpu_read(var)		READ_ONCE(var)
#define __this_cpu_write(var, val)	WRITE_ONCE(var, val)
#define this_cpu_read(var)		READ_ONCE(var)
#define this_cpu_write(var, val)	WRITE_ONCE(var, val)
#define this_cpu_inc(var)		WRITE_ONCE(var, (var) + 1)

/* <linux/hardirq.h>, <asm/hardirq.h> */
extern __thread int pg_nmi_nesting;

static inline int in_nmi(void)
{
	return READ_ONCE(pg_nmi_nesting);
}

typedef struct {
	unsigned int __nmi_count;
} irq_cpustat_t;

DECLARE_PER_CPU(irq_cpustat_t, irq_stat);

/* <asm/nmi.h> */
typedef int (*nmi_handler_t)(unsigned int type, struct pt_regs *regs);
int pg_register_nmi_handler(unsigned int type, nmi_handler_t handler,
			    const char *name);
#define register_nmi_handler(type, fn, flags, name) \
	pg_register_nmi_handler(type, fn, name)

/* <linux/bug.h>: counted; any warning fails the run. */
void pg_warn(const char *file, int line, const char *cond);
#define WARN_ON(cond) ({						\
	bool __pg_c = !!(cond);						\
	if (unlikely(__pg_c))						\
		pg_warn(__FILE__, __LINE__, #cond);			\
	__pg_c;								\
})
#define WARN_ON_ONCE(cond) ({					\
	bool __pg_c = !!(cond);						\
	if (unlikely(__pg_c))						\
		pg_warn(__FILE__, __LINE__, #cond);			\
	__pg_c;								\
})
#define might_sleep()		do { WARN_ON(in_nmi()); } while (0)

/* <linux/printk.h> */
void pg_printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define pr_err(fmt, ...)	pg_printk(fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	pg_printk(fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	pg_printk(fmt, ##__VA_ARGS__)

/*
 * <linux/rcupdate.h>.  Readers must be NMI handlers (or threads that have
 * the NMI signal blocked) of a thread registered with
 * rcu_register_thread().  PG_NEG_NO_GRACE_PERIOD makes synchronize_rcu()
 * return at once (negative control b).
 */
void rcu_register_thread(void);
void rcu_unregister_thread(void);
void rcu_read_lock(void);
void rcu_read_unlock(void);
void synchronize_rcu(void);
#define rcu_dereference(p)	__atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define rcu_access_pointer(p)	__atomic_load_n(&(p), __ATOMIC_RELAXED)
#define rcu_assign_pointer(p, v) \
	__atomic_store_n(&(p), (__typeof__(p))(v), __ATOMIC_RELEASE)
#define RCU_INIT_POINTER(p, v) \
	__atomic_store_n(&(p), (__typeof__(p))(v), __ATOMIC_RELAXED)

/* <linux/mutex.h> */
struct mutex {
	pthread_mutex_t lock;
};

#define DEFINE_MUTEX(name) \
	struct mutex name = { .lock = PTHREAD_MUTEX_INITIALIZER }

static inline void mutex_lock(struct mutex *m)
{
	pthread_mutex_lock(&m->lock);
}

static inline void mutex_unlock(struct mutex *m)
{
	pthread_mutex_unlock(&m->lock);
}

/* <linux/kvm_host.h>, <asm/kvm_host.h> */
struct kvm_vcpu_arch {
	unsigned long regs[NR_VCPU_REGS];
};

struct kvm_vcpu {
	int vcpu_id;
	struct kvm_vcpu_arch arch;
	void *pg_hw;		/* harness: the hardware model running it */
};

struct kvm_x86_ops {
	const char *name;
	int (*get_cpl)(struct kvm_vcpu *vcpu);
};

extern struct kvm_x86_ops kvm_x86_ops;

/* arch/x86/kvm/kvm_cache_regs.h: the exit model fills the cache. */
static inline unsigned long kvm_rip_read(struct kvm_vcpu *vcpu)
{
	return vcpu->arch.regs[VCPU_REGS_RIP];
}

/* arch/x86/kvm/svm/svm_ops.h: GIF is the NMI signal's blocked bit. */
void pg_hw_stgi(void);
void pg_hw_clgi(void);

static inline void stgi(void)
{
	pg_hw_stgi();
}

static inline void clgi(void)
{
	pg_hw_clgi();
}

#endif /* _PG_CUSTOM_H */
