# tests/ubsan_only.cmake — the UBSan-only variant builds and runs (tests/scripts/ubsan_only_test.sh):
# OSS-Fuzz's `undefined` sanitizer, and any build without AddressSanitizer's runtime.
add_test(NAME build.ubsan_only
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/ubsan_only_test.sh ${CMAKE_SOURCE_DIR})
set_tests_properties(build.ubsan_only PROPERTIES TIMEOUT 1800 COST 1000 ENVIRONMENT "KSFUZZ_JOBS=1")
