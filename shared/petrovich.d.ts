// Types for petrovich 0.2 (Russian declension of first names, patronymics and surnames), which
// ships none. Only what shared/salutation.ts uses.
declare module 'petrovich' {
  type PetrovichGender = 'male' | 'female' | 'androgynous';
  type PetrovichCase = 'nominative' | 'genitive' | 'dative' | 'accusative' | 'instrumental' | 'prepositional';
  interface PetrovichPerson { gender?: PetrovichGender; first?: string; middle?: string; last?: string }
  interface Petrovich {
    (person: PetrovichPerson, gcase: PetrovichCase): PetrovichPerson & { gender: PetrovichGender };
    detect_gender(middle: string): PetrovichGender;
  }
  const petrovich: Petrovich;
  export default petrovich;
}
