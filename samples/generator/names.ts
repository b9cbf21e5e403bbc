/**
 * Invented name pools for the synthetic city, written for this generator from common given names and
 * surnames. No person is drawn from any real record. A few names carry accents (Zoë, Chloé, Siân…) so
 * that character encoding matters when files are read; every name is representable in Windows-1252.
 */
import type { EthnicGroup } from './population-types';

interface NamePool {
  boys: readonly string[];
  girls: readonly string[];
  surnames: readonly string[];
}

const BRITISH_SURNAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright',
  'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke',
  'Harris', 'Lewis', 'Turner', 'Hughes', 'Edwards', 'Baker', 'Cooper', 'Hill', 'Moore', 'Parker',
  "O'Connor", "O'Brien", 'Bennett-Smith', 'Hollis-Ward', 'Price', 'Mills', 'Carter', 'Dunn', 'Fletcher', 'Marsh',
];

const POOLS: Record<EthnicGroup, NamePool> = {
  'White British': {
    boys: ['Oliver', 'George', 'Harry', 'Jack', 'Jacob', 'Noah', 'Charlie', 'Thomas', 'William', 'James', 'Joshua', 'Daniel', 'Samuel', 'Alexander', 'Joseph', 'Benjamin', 'Matthew', 'Jonathan', 'John', 'Lewis', 'Callum', 'Kyle', 'Seán', 'Reece', 'Tyler'],
    girls: ['Olivia', 'Amelia', 'Isla', 'Ava', 'Emily', 'Sophie', 'Lily', 'Jessica', 'Chloé', 'Zoë', 'Grace', 'Ellie', 'Rebecca', 'Elizabeth', 'Hannah', 'Megan', 'Lauren', 'Charlotte', 'Siân', 'Renée', 'Katie', 'Abigail', 'Poppy', 'Isabella', 'Freya'],
    surnames: BRITISH_SURNAMES,
  },
  'White other': {
    boys: ['Jakub', 'Piotr', 'Mateusz', 'Andrei', 'Luca', 'Marco', 'Stefan', 'Tomas', 'Jan', 'Dmitri', 'José', 'Noé', 'Lukas', 'Kacper', 'Dawid', 'Conor', 'Patrick', 'Aleksander'],
    girls: ['Zuzanna', 'Maja', 'Julia', 'Ana', 'Elena', 'Ioana', 'Sofia', 'Hanna', 'Anaïs', 'Léa', 'Chloé', 'Aoife', 'Niamh', 'Emilia', 'Natalia', 'Zoë', 'Daria', 'Alicja'],
    surnames: ['Nowak', 'Kowalski', 'Wisniewska', 'Popescu', 'Ionescu', 'Rossi', 'Ferreira', 'Silva', 'Horvath', 'Novak', 'Murphy', 'Kelly', "O'Neill", 'Müller', 'Schmidt', 'Petrov', 'Kazlauskas', 'Gonçalves', 'Hernández', 'Dvorak'],
  },
  Pakistani: {
    boys: ['Mohammed', 'Muhammad', 'Ali', 'Ibrahim', 'Yusuf', 'Hamza', 'Zain', 'Bilal', 'Adam', 'Abdullah', 'Usman', 'Ayaan', 'Haris', 'Imran', 'Omar', 'Zakariya', 'Rayyan', 'Hassan'],
    girls: ['Aisha', 'Fatima', 'Maryam', 'Zara', 'Hafsa', 'Khadija', 'Amina', 'Inaya', 'Zainab', 'Safa', 'Iqra', 'Mariam', 'Noor', 'Hira', 'Eman', 'Anaya', 'Sana', 'Laiba'],
    surnames: ['Khan', 'Hussain', 'Ahmed', 'Ali', 'Iqbal', 'Akhtar', 'Mahmood', 'Rashid', 'Shah', 'Bibi', 'Butt', 'Malik', 'Riaz', 'Hanif', 'Javed', 'Yousaf', 'Aslam', 'Mirza'],
  },
  Bangladeshi: {
    boys: ['Mohammed', 'Abdul', 'Rahim', 'Ayaan', 'Ibrahim', 'Yusuf', 'Sami', 'Tanvir', 'Rafi', 'Arif', 'Shafiq', 'Nayeem', 'Imran', 'Junaid'],
    girls: ['Fatima', 'Ayesha', 'Sumaiya', 'Tasnim', 'Nusrat', 'Maryam', 'Halima', 'Rumana', 'Farzana', 'Salma', 'Jannat', 'Mim', 'Nadia', 'Sadia'],
    surnames: ['Begum', 'Miah', 'Uddin', 'Rahman', 'Islam', 'Ahmed', 'Hoque', 'Chowdhury', 'Hussain', 'Alam', 'Khatun', 'Ali', 'Karim', 'Sarkar'],
  },
  Indian: {
    boys: ['Arjun', 'Aarav', 'Rohan', 'Harjit', 'Gurpreet', 'Jaspreet', 'Vikram', 'Rahul', 'Amit', 'Dev', 'Karan', 'Nikhil', 'Ravi', 'Sanjay', 'Manveer', 'Aryan'],
    girls: ['Priya', 'Anjali', 'Simran', 'Harleen', 'Jasmeet', 'Kiran', 'Meera', 'Asha', 'Riya', 'Neha', 'Amrit', 'Divya', 'Pooja', 'Navdeep', 'Ishani', 'Tara'],
    surnames: ['Singh', 'Kaur', 'Patel', 'Sharma', 'Kumar', 'Gill', 'Sandhu', 'Bains', 'Sidhu', 'Mistry', 'Shah', 'Dhillon', 'Chauhan', 'Rai', 'Bhatti', 'Kang'],
  },
  'Black Caribbean': {
    boys: ['Jaden', 'Tyrese', 'Marcus', 'Andre', 'Kai', 'Jermaine', 'Malachi', 'Darnell', 'Reuben', 'Isaiah', 'Nathaniel', 'Joshua', 'Elijah', 'Daniel', 'Leon'],
    girls: ['Jada', 'Aaliyah', 'Shanice', 'Tia', 'Kezia', 'Nia', 'Chantelle', 'Imani', 'Leah', 'Renée', 'Amara', 'Destiny', 'Jasmine', 'Tanisha', 'Grace'],
    surnames: ['Campbell', 'Brown', 'Williams', 'Johnson', 'Clarke', 'Francis', 'Thomas', 'Morgan', 'Grant', 'Henry', 'Reid', 'Stewart', 'Bailey', 'Gordon', 'Lewis-Grant'],
  },
  'Black African': {
    boys: ['Emmanuel', 'David', 'Samuel', 'Daniel', 'Tobi', 'Kwame', 'Chidi', 'Abdi', 'Mohamed', 'Joseph', 'Ayo', 'Femi', 'Tendai', 'Yusuf', 'Kofi'],
    girls: ['Grace', 'Blessing', 'Precious', 'Favour', 'Amina', 'Hodan', 'Ifeoma', 'Adaeze', 'Esther', 'Deborah', 'Nala', 'Zainab', 'Ruth', 'Ayan', 'Chloé'],
    surnames: ['Okafor', 'Adeyemi', 'Mensah', 'Osei', 'Abdi', 'Mohamed', 'Hassan', 'Nwosu', 'Okoro', 'Banda', 'Moyo', 'Ali', 'Adebayo', 'Asante', 'Warsame'],
  },
  'Mixed ethnicity': {
    boys: ['Kai', 'Tyler', 'Jayden', 'Leo', 'Noah', 'Elijah', 'Mason', 'Riley', 'Jacob', 'Zachary', 'Reggie', 'Isaac', 'Ethan', 'Louis'],
    girls: ['Maya', 'Amelia', 'Layla', 'Skye', 'Ruby', 'Aaliyah', 'Mia', 'Zoë', 'Nia', 'Esme', 'Amara', 'Lola', 'Keira', 'Isla'],
    surnames: [...BRITISH_SURNAMES.slice(0, 16), 'Campbell', 'Francis', 'Khan', 'Singh', 'Okafor'],
  },
  Chinese: {
    boys: ['Wei', 'Jun', 'Hao', 'Yi', 'Ming', 'Kai', 'Jason', 'Ryan', 'Kevin', 'Zhi', 'Chen', 'Long'],
    girls: ['Mei', 'Ling', 'Xin', 'Yan', 'Jing', 'Hui', 'Amy', 'Grace', 'Joy', 'Lily', 'Qing', 'Yu'],
    surnames: ['Wang', 'Li', 'Zhang', 'Chen', 'Liu', 'Wong', 'Lam', 'Chan', 'Huang', 'Zhao', 'Wu', 'Lin'],
  },
  'Other ethnicity': {
    boys: ['Ahmed', 'Omar', 'Mustafa', 'Ali', 'Karim', 'Hamid', 'Farhan', 'Dawit', 'Ahmad', 'Reza', 'Samir', 'Yasin', 'Tariq', 'Nabil', 'Bashir'],
    girls: ['Mariam', 'Layla', 'Noor', 'Sara', 'Hana', 'Yasmin', 'Zahra', 'Rania', 'Amal', 'Dina', 'Huda', 'Leila', 'Salma', 'Nour', 'Rahma'],
    surnames: ['Al-Sayed', 'Hassan', 'Ibrahim', 'Mahmoud', 'Rahimi', 'Haidari', 'Mohammadi', 'Kareem', 'Abdullah', 'Nasser', 'Saleh', 'Yilmaz', 'Demir', 'Tesfaye', 'Haile'],
  },
};

export function namePool(group: EthnicGroup): NamePool {
  return POOLS[group];
}

/**
 * Spellings a partner might hold for the same given name: a nickname, a transliteration, or the name
 * without its accent. Used for the "known as" names in social care and the police's spellings.
 */
const VARIANTS: Record<string, readonly string[]> = {
  John: ['Jon', 'Johnny'],
  Jonathan: ['Jon', 'Johnathan'],
  Mohammed: ['Muhammad', 'Mohammad', 'Mohamed', 'Mohd'],
  Muhammad: ['Mohammed', 'Muhammed'],
  Mohamed: ['Mohammed', 'Mohamud'],
  William: ['Will', 'Billy'],
  Thomas: ['Tom', 'Tommy'],
  James: ['Jim', 'Jamie'],
  Daniel: ['Dan', 'Danny'],
  Alexander: ['Alex', 'Xander'],
  Aleksander: ['Alex', 'Alexander'],
  Joseph: ['Joe', 'Joey'],
  Samuel: ['Sam', 'Sammy'],
  Benjamin: ['Ben', 'Benji'],
  Matthew: ['Matt', 'Mathew'],
  Joshua: ['Josh'],
  Jessica: ['Jess', 'Jessie'],
  Elizabeth: ['Liz', 'Beth'],
  Rebecca: ['Becky', 'Rebekah'],
  Isabella: ['Bella', 'Izzy'],
  Abigail: ['Abbie', 'Abi'],
  Charlotte: ['Lottie', 'Charlie'],
  Katie: ['Kate', 'Katy'],
  Abdul: ['Abdool', 'Abdel'],
  Yusuf: ['Yousef', 'Yusef', 'Joseph'],
  Ibrahim: ['Ebrahim', 'Ibraheem'],
  Aisha: ['Ayesha', 'Aysha'],
  Ayesha: ['Aisha'],
  Fatima: ['Fatimah', 'Fatma'],
  Maryam: ['Mariam', 'Miriam'],
  Mariam: ['Maryam'],
  Khadija: ['Khadijah', 'Kadija'],
  Zainab: ['Zaynab'],
  Hamza: ['Hamzah'],
  Omar: ['Umar'],
  Usman: ['Uthman', 'Osman'],
  Emmanuel: ['Manny', 'Emanuel'],
  Nathaniel: ['Nathan', 'Nat'],
  Zoë: ['Zoe', 'Zoey'],
  Chloé: ['Chloe'],
  Siân: ['Sian', 'Shaun'],
  Seán: ['Sean', 'Shaun'],
  Renée: ['Renee'],
  Anaïs: ['Anais'],
  Léa: ['Lea'],
  José: ['Jose'],
  Noé: ['Noe'],
  Jakub: ['Jacob', 'Kuba'],
  Piotr: ['Peter'],
  Andrei: ['Andrew', 'Andrey'],
  Dmitri: ['Dmitry', 'Dima'],
  Gurpreet: ['Gurpret'],
  Jaspreet: ['Jas'],
  Harjit: ['Harjeet'],
};

export function nameVariants(name: string): readonly string[] {
  return VARIANTS[name] ?? [];
}
