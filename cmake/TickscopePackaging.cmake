# Installation of the engine as a CMake package lives in engine/CMakeLists.txt;
# CPack (DEB) settings are collected here.
set(CPACK_PACKAGE_NAME tickscope)
set(CPACK_PACKAGE_CONTACT "Tickscope developers")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
