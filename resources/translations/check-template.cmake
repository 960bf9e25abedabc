# tst_translations: lupdate over today's sources must leave translations/nsviz.ts as committed, as the
# update_translations target would run it: merging into the file there is (new messages go at the end of their
# context, so a template made from nothing orders them otherwise). It runs on a copy in a directory of this test's
# own; the committed file is never touched.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(fresh "${WORK}/nsviz.ts")
file(COPY_FILE "${TEMPLATE}" "${fresh}")
set(options ${OPTIONS}) # a CMake list: -locations;none;...
execute_process(COMMAND "${LUPDATE}" ${options} "@${SOURCES}" -ts "${fresh}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT EXISTS "${fresh}")
    message(FATAL_ERROR "lupdate failed (${rc}): ${out}${err}")
endif()
file(READ "${fresh}" now)
file(READ "${TEMPLATE}" committed)
if(NOT now STREQUAL committed)
    execute_process(COMMAND diff -u "${TEMPLATE}" "${fresh}" OUTPUT_VARIABLE d)
    string(SUBSTRING "${d}" 0 4000 d)
    message(FATAL_ERROR "resources/translations/nsviz.ts is behind the sources: run\n"
        "  cmake --build --preset default --target update_translations\nand commit it.\n${d}")
endif()
file(STRINGS "${fresh}" messages REGEX "<source>")
list(LENGTH messages n)
message(STATUS "nsviz.ts is current: ${n} messages")
