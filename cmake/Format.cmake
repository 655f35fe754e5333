# `format` rewrites the project's C++ (src/, tests/) with clang-format-14 and .clang-format;
# `format-check` only reports, and fails on, what `format` would change. Both are build
# targets (cmake --build build/native --target format-check), not part of `all`.
find_program(TIDE_CLANG_FORMAT NAMES clang-format-14 DOC "clang-format 14 (Debian: clang-format-14)")
if(TIDE_CLANG_FORMAT)
  file(GLOB_RECURSE TIDE_FORMAT_SOURCES CONFIGURE_DEPENDS
       ${PROJECT_SOURCE_DIR}/src/*.cpp ${PROJECT_SOURCE_DIR}/src/*.hpp
       ${PROJECT_SOURCE_DIR}/tests/*.cpp ${PROJECT_SOURCE_DIR}/tests/*.hpp ${PROJECT_SOURCE_DIR}/tests/*.c)
  add_custom_target(format
    COMMAND ${TIDE_CLANG_FORMAT} -i --style=file ${TIDE_FORMAT_SOURCES}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "clang-format-14: formatting src/ and tests/" VERBATIM)
  add_custom_target(format-check
    COMMAND ${TIDE_CLANG_FORMAT} --dry-run --Werror --style=file ${TIDE_FORMAT_SOURCES}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "clang-format-14: checking src/ and tests/" VERBATIM)
else()
  message(STATUS "clang-format-14 not found: no format and format-check targets")
endif()
