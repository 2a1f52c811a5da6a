/* ksfuzz/driver.h — NOT WDK: registering a driver's own setup and teardown, the code that builds
 * its device header and create items (AddDevice, DriverEntry) and frees them (remove, unload), and
 * the registry runners pick one from. A driver file includes it for the macro only:
 *
 *     KSFUZZ_DRIVER(my_driver, "what it is", MyAddDevice, MyRemoveDevice)
 *
 * with
 *
 *     NTSTATUS MyAddDevice(PDEVICE_OBJECT DeviceObject);   // builds the KS state
 *     VOID MyRemoveDevice(PDEVICE_OBJECT DeviceObject);    // frees it
 *
 * Setup gets a device object whose DeviceExtension is KSFUZZ_DEVICE_EXTENSION_SIZE zeroed bytes,
 * as IoCreateDevice would give it; as ks.sys requires, it stores the KSDEVICE_HEADER from
 * KsAllocateDeviceHeader as the extension's first member, and may keep anything else of its own
 * after it. A failed status is a setup-failed finding. The harness then reads what Setup left
 * (docs/REFERENCE.md, "Drivers"): each create item of the header, and what its SecurityDescriptor
 * points at by the pool ledger. It opens files on those items and sends IRPs; the items' Create
 * and Context are the harness's while it runs and are put back before Teardown, which must free
 * everything Setup and the IRPs left allocated that the driver owns: the ledger checks afterwards
 * that every pool block was freed, exactly once.
 *
 * Registration survives static linking as implementations' does (ksfuzz/implementation.h): the
 * file is compiled by KSFUZZ_EXTRA_IMPLS or ksfuzz_link_impls(EXTRA), and a constructor adds the
 * record. Two drivers with one name fail to link. */
#ifndef KSFUZZ_DRIVER_H
#define KSFUZZ_DRIVER_H

#include <stdio.h>

#include <ks.h>

KSFUZZ_EXTERN_C_BEGIN

/// Bytes of the zeroed DeviceExtension the harness gives a driver's device object.
#define KSFUZZ_DEVICE_EXTENSION_SIZE 4096

typedef NTSTATUS (*PKSFUZZ_DRIVER_SETUP)(_In_ PDEVICE_OBJECT DeviceObject);
typedef VOID (*PKSFUZZ_DRIVER_TEARDOWN)(_In_ PDEVICE_OBJECT DeviceObject);

typedef enum _KSFUZZ_DRIVER_KIND {
  KsfuzzDriverBuiltIn = 0,  ///< the harness's own: "scenario", which builds the world a scenario describes
  KsfuzzDriverExtra = 1     ///< someone's own (KSFUZZ_EXTRA_IMPLS, a test's EXTRA file)
} KSFUZZ_DRIVER_KIND;

/// One registered driver. The registry owns Next; everything else is the macro's.
typedef struct _KSFUZZ_DRIVER {
  PCSTR Name;         ///< an identifier, unique in the binary
  PCSTR Description;  ///< one line
  KSFUZZ_DRIVER_KIND Kind;
  PKSFUZZ_DRIVER_SETUP Setup;
  PKSFUZZ_DRIVER_TEARDOWN Teardown;
  PCSTR SourceFile;
  struct _KSFUZZ_DRIVER *Next;
} KSFUZZ_DRIVER;

/* ---- Registration ---- */

/// Registers the driver `name` (an identifier) with its Setup and Teardown routines.
#define KSFUZZ_DRIVER(name, description, setup, teardown) \
  KSFUZZ_DRIVER_REGISTER_(name, KSFUZZ_DRIVER_KIND_OF_DRIVER_, description, setup, teardown)

/* ---- The registry ---- */

/// How many drivers this binary holds.
ULONG KsfuzzDriverCount(VOID);
/// The Index-th, in listing order: the built-in one, then the others by name.
const KSFUZZ_DRIVER *KsfuzzDriverAt(_In_ ULONG Index);
/// The driver called Name, or NULL.
const KSFUZZ_DRIVER *KsfuzzDriverFind(_In_z_ PCSTR Name);
/// "built-in" or "extra".
PCSTR KsfuzzDriverKindName(_In_ KSFUZZ_DRIVER_KIND Kind);

/* ---- Selecting one for a run ---- */

#define KSFUZZ_DRIVER_DEFAULT "scenario"
#define KSFUZZ_DRIVER_ENV "KSFUZZ_DRIVER"
#define KSFUZZ_DRIVER_FLAG "--driver"

/// The driver a run uses: Name, else $KSFUZZ_DRIVER when set and not empty, else "scenario". An
/// unknown name prints `ksfuzz: unknown driver 'x' (from ...); known: ...` to Err (when not NULL)
/// and returns NULL.
const KSFUZZ_DRIVER *KsfuzzDriverSelect(_In_opt_z_ PCSTR Name, _In_opt_ FILE *Err);
/// As KsfuzzDriverSelect with the value of `--driver NAME` or `--driver=NAME` in Argv (the last
/// one wins), which it removes from Argv as KsfuzzImplSelectFromArgs does --impl.
const KSFUZZ_DRIVER *KsfuzzDriverSelectFromArgs(_Inout_ int *Argc, _Inout_ char **Argv, _In_opt_ FILE *Err);

/* ---- Machinery of the macro ---- */

/// Adds Driver to the registry (constructors only); a second built-in driver aborts.
VOID KsfuzzDriverRegister(_Inout_ KSFUZZ_DRIVER *Driver);

#ifdef KSFUZZ_BUILTIN_DRIVER
#define KSFUZZ_DRIVER_KIND_OF_DRIVER_ KsfuzzDriverBuiltIn
#else
#define KSFUZZ_DRIVER_KIND_OF_DRIVER_ KsfuzzDriverExtra
#endif

#ifdef __cplusplus
#define KSFUZZ_DRIVER_LINKAGE_ extern "C"
#else
#define KSFUZZ_DRIVER_LINKAGE_
#endif

#define KSFUZZ_DRIVER_REGISTER_(name, kind, description, setup, teardown)                     \
  KSFUZZ_DRIVER_LINKAGE_ KSFUZZ_DRIVER ksfuzz_driver_##name = {#name,    description, kind,   \
                                                               setup,    teardown,    __FILE__, \
                                                               NULL};                          \
  __attribute__((constructor)) static void ksfuzz_driver_register_##name(void) {             \
    KsfuzzDriverRegister(&ksfuzz_driver_##name);                                              \
  }

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_DRIVER_H */
