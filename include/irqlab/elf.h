/* include/irqlab/elf.h - the ELF32 structures and constants the module loader reads.
 *
 * From the System V ABI, "Object Files" ("ELF Header", "Sections", "Symbol Table",
 * "Relocation"), and its Intel386 Architecture Processor Supplement for EM_386 and the
 * R_386_* relocation types. Names as in the specification and Linux's <linux/elf.h>. */
#ifndef IRQLAB_ELF_H
#define IRQLAB_ELF_H

#include <irqlab/types.h>

typedef u32 Elf32_Addr;
typedef u16 Elf32_Half;
typedef u32 Elf32_Off;
typedef u32 Elf32_Word;
typedef s32 Elf32_Sword;

/* "ELF Header": e_ident[] */
#define EI_NIDENT       16
#define EI_MAG0         0               /* 0x7f 'E' 'L' 'F' */
#define   ELFMAG        "\177ELF"
#define   SELFMAG       4
#define EI_CLASS        4
#define   ELFCLASS32    1
#define EI_DATA         5
#define   ELFDATA2LSB   1
#define EI_VERSION      6
#define   EV_CURRENT    1

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	Elf32_Half e_type;
#define   ET_REL        1               /* a relocatable file: a .ko */
	Elf32_Half e_machine;
#define   EM_386        3
	Elf32_Word e_version;
	Elf32_Addr e_entry;
	Elf32_Off  e_phoff;
	Elf32_Off  e_shoff;             /* the section header table */
	Elf32_Word e_flags;
	Elf32_Half e_ehsize;
	Elf32_Half e_phentsize;
	Elf32_Half e_phnum;
	Elf32_Half e_shentsize;
	Elf32_Half e_shnum;
	Elf32_Half e_shstrndx;          /* the section holding the section names */
} Elf32_Ehdr;

/* "Sections": special section indexes */
#define SHN_UNDEF       0
#define SHN_LORESERVE   0xff00
#define SHN_ABS         0xfff1
#define SHN_COMMON      0xfff2

typedef struct {
	Elf32_Word sh_name;             /* offset into the e_shstrndx section */
	Elf32_Word sh_type;
#define   SHT_NULL      0
#define   SHT_PROGBITS  1
#define   SHT_SYMTAB    2
#define   SHT_STRTAB    3
#define   SHT_RELA      4
#define   SHT_NOBITS    8               /* occupies no file space: .bss */
#define   SHT_REL       9
	Elf32_Word sh_flags;
#define   SHF_WRITE     0x1
#define   SHF_ALLOC     0x2             /* occupies memory while the module runs */
#define   SHF_EXECINSTR 0x4
	Elf32_Addr sh_addr;
	Elf32_Off  sh_offset;
	Elf32_Word sh_size;
	Elf32_Word sh_link;             /* SYMTAB: its string table; REL: its symbol table */
	Elf32_Word sh_info;             /* REL: the section it relocates */
	Elf32_Word sh_addralign;        /* 0 or 1: no constraint; else a power of two */
	Elf32_Word sh_entsize;
} Elf32_Shdr;

/* "Symbol Table" */
typedef struct {
	Elf32_Word st_name;
	Elf32_Addr st_value;            /* ET_REL: the offset in section st_shndx */
	Elf32_Word st_size;
	unsigned char st_info;
	unsigned char st_other;
	Elf32_Half st_shndx;
} Elf32_Sym;
#define ELF32_ST_BIND(i)        ((i) >> 4)
#define   STB_LOCAL     0
#define ELF32_ST_TYPE(i)        ((i) & 0xf)
#define   STT_OBJECT    1       /* data (leak reports name it) */
#define   STT_FUNC      2       /* a function (backtraces name it) */
#define   STT_SECTION   3

/* "Relocation": SHT_REL entries; the addend is in the word being relocated. */
typedef struct {
	Elf32_Addr r_offset;            /* ET_REL: the offset in the section relocated */
	Elf32_Word r_info;
} Elf32_Rel;
#define ELF32_R_SYM(i)          ((i) >> 8)
#define ELF32_R_TYPE(i)         ((unsigned char)(i))

/* Intel386 supplement, "Relocation Types": S the symbol's value, A the addend, P the
 * place (address) being relocated. */
#define R_386_NONE      0
#define R_386_32        1               /* S + A */
#define R_386_PC32      2               /* S + A - P */
#define R_386_PLT32     4               /* L + A - P; with no PLT, L is S */

#endif
