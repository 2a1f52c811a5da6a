/* sal.h — the source-annotation macros WDK driver code carries, defined away for clang. */
#ifndef KSFUZZ_SAL_H
#define KSFUZZ_SAL_H

/* Annotations only guide the WDK's static analysers; the shim accepts them so driver code
 * compiles unchanged, and they expand to nothing. */
#define _In_
#define _In_opt_
#define _Out_
#define _Out_opt_
#define _Inout_
#define _Inout_opt_
#define _In_z_
#define _In_opt_z_
#define _In_z_opt_
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Must_inspect_result_
#define _Success_(expr)
#define _When_(expr, annotation)
#define _At_(target, annotation)
#define _Pre_
#define _Post_
#define _Pre_notnull_
#define _Post_invalid_
#define _Post_writable_byte_size_(size)
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_range_(lo, hi)
#define _Result_nullonfailure_
#define _Check_return_
#define _Function_class_(name)
#define _Dispatch_type_(type)
#define _IRQL_requires_(irql)
#define _IRQL_requires_max_(irql)
#define _IRQL_requires_min_(irql)
#define _IRQL_requires_same_
#define _IRQL_raises_(irql)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_always_function_min_(irql)
#define _IRQL_always_function_max_(irql)
#define _Kernel_requires_resource_held_(res)
#define _Requires_lock_held_(lock)
#define _Acquires_lock_(lock)
#define _Releases_lock_(lock)
#define _In_reads_(n)
#define _In_reads_opt_(n)
#define _In_reads_bytes_(n)
#define _In_reads_bytes_opt_(n)
#define _Out_writes_(n)
#define _Out_writes_opt_(n)
#define _Out_writes_bytes_(n)
#define _Out_writes_bytes_opt_(n)
#define _Out_writes_bytes_to_(n, m)
#define _Out_writes_bytes_to_opt_(n, m)
#define _Inout_updates_(n)
#define _Inout_updates_bytes_(n)
#define _Field_size_(n)
#define _Field_size_bytes_(n)
#define _Field_size_bytes_part_(n, m)
#define _Field_range_(lo, hi)
#define _Post_satisfies_(expr)
#define _Pre_satisfies_(expr)
#define _Analysis_assume_(expr)
#define _Use_decl_annotations_
#define _Null_terminated_
#define _Reserved_
#define _Strict_type_match_
#define _Points_to_data_
#define _Interlocked_operand_
#define __drv_aliasesMem
#define __drv_freesMem(kind)
#define __drv_allocatesMem(kind)
#define __drv_dispatchType(type)
#define __drv_maxIRQL(irql)
#define __drv_requiresIRQL(irql)
#define __drv_when(expr, annotation)
#define __drv_reportError(text)
#define __drv_strictTypeMatch(mode)
#define __drv_functionClass(name)

#endif /* KSFUZZ_SAL_H */
