/* SPDX-License-Identifier: GPL-2.0 */
/* Shim for <svm_ops.h>: CUSTOM, see custom.h. */
#ifndef _PG_SHIM_SVM_OPS_H
#define _PG_SHIM_SVM_OPS_H
#include "custom.h"
#endif
