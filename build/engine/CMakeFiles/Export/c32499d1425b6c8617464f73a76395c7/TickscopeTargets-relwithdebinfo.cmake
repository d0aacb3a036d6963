#----------------------------------------------------------------
# Generated CMake target import file for configuration "RelWithDebInfo".
#----------------------------------------------------------------

# Commands may need to know the format version.
set(CMAKE_IMPORT_FILE_VERSION 1)

# Import target "Tickscope::tickscope_engine" for configuration "RelWithDebInfo"
set_property(TARGET Tickscope::tickscope_engine APPEND PROPERTY IMPORTED_CONFIGURATIONS RELWITHDEBINFO)
set_target_properties(Tickscope::tickscope_engine PROPERTIES
  IMPORTED_LINK_INTERFACE_LANGUAGES_RELWITHDEBINFO "CXX"
  IMPORTED_LOCATION_RELWITHDEBINFO "${_IMPORT_PREFIX}/lib/libtickscope_engine.a"
  )

list(APPEND _cmake_import_check_targets Tickscope::tickscope_engine )
list(APPEND _cmake_import_check_files_for_Tickscope::tickscope_engine "${_IMPORT_PREFIX}/lib/libtickscope_engine.a" )

# Commands beyond this point should not need to know the version.
set(CMAKE_IMPORT_FILE_VERSION)
