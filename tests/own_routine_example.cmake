# tests/own_routine_example.cmake — the README's example, docs/examples/own_routine.c, compiles on
# its own, as the C11 file a user writes, against the shim's headers alone (ks_extra_impl_test also
# links and runs it).
add_test(NAME own_routine_example_compiles
  COMMAND ${CMAKE_C_COMPILER} -std=c11 -fsyntax-only -Wall -Wextra -Werror
    "-I$<JOIN:$<TARGET_PROPERTY:ksfuzz_ks,INTERFACE_INCLUDE_DIRECTORIES>;$<TARGET_PROPERTY:ksfuzz_kernel,INTERFACE_INCLUDE_DIRECTORIES>,;-I>"
    ${CMAKE_SOURCE_DIR}/docs/examples/own_routine.c
  COMMAND_EXPAND_LISTS)
