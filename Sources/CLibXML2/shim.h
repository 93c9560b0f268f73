#ifndef CLAIMTRACKER_CLIBXML2_SHIM_H
#define CLAIMTRACKER_CLIBXML2_SHIM_H
// Debian's libxml2 is built with ICU, and its headers then pull in ICU's, which
// clash with the ICU copy inside Foundation. Nothing here needs libxml2's ICU
// conversion fields, so hide them (only pointers to those structs cross over).
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#endif
