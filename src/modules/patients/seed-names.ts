// Name, place and payer lists for the generated demo patients: how people are
// actually named across Indonesia's regions, so a demo list reads like a real
// klinik pratama's. Javanese and Betawi patients often have one or two given
// names and no family name; Batak, Minahasa, Ambonese, Papuan and NTT patients
// carry a marga / fam; Balinese names start with I / Ni and a birth-order name.
// Data only: seed-generate.ts turns these into patients.

export interface RegionGroup {
  /** 6-digit region codes (province, regency/city, district) used in the NIK. */
  regions: string[];
  city: string;
  streets: string[];
  male: string[];
  female: string[];
  /** Family names (marga, fam) put after the given name; empty where none are customary. */
  family: string[];
  /** Second names by sex, used instead of a family name (Javanese, Sundanese, Minang...). */
  secondMale?: string[];
  secondFemale?: string[];
  /** Balinese birth-order names (Wayan, Made, Nyoman, Ketut...), after I / Ni. */
  birthOrder?: string[];
  /** How often (0–1) the region's elderly go by a single name. */
  singleNameElderly?: number;
  /** Relative weight: how many of the demo patients come from this group. */
  weight: number;
}

export const REGION_GROUPS: RegionGroup[] = [
  {
    regions: ['337401', '337203', '347102', '340405', '330201', '331301'],
    city: 'Jawa Tengah / DIY',
    streets: ['Jl. Pemuda', 'Jl. Slamet Riyadi', 'Jl. Kaliurang', 'Jl. Magelang', 'Jl. Veteran', 'Jl. Diponegoro'],
    male: ['Agus', 'Bambang', 'Joko', 'Slamet', 'Sugeng', 'Wahyu', 'Eko', 'Hadi', 'Yudi', 'Teguh', 'Heru', 'Aris'],
    female: ['Sri', 'Endang', 'Rini', 'Yuni', 'Ratna', 'Puji', 'Wulan', 'Tutik', 'Eni', 'Indah', 'Ayu', 'Retno'],
    family: [],
    secondMale: ['Santoso', 'Wibowo', 'Prasetyo', 'Setiawan', 'Nugroho', 'Purwanto', 'Hartono', 'Saputro', 'Susilo', 'Widodo'],
    secondFemale: ['Wahyuni', 'Rahayu', 'Handayani', 'Astuti', 'Lestari', 'Wulandari', 'Kusumawati', 'Purwaningsih', 'Setyowati'],
    singleNameElderly: 0.6,
    weight: 24,
  },
  {
    regions: ['357801', '357302', '350701', '351501'],
    city: 'Jawa Timur',
    streets: ['Jl. Darmo', 'Jl. Ijen', 'Jl. Kertajaya', 'Jl. Ahmad Yani', 'Jl. Raya Sidoarjo'],
    male: ['Achmad', 'Imam', 'Mochamad', 'Supriyadi', 'Didik', 'Rudi', 'Bayu', 'Fajar', 'Arif'],
    female: ['Nur', 'Umi', 'Lilik', 'Anik', 'Erna', 'Dian', 'Novi', 'Fitri', 'Yuli'],
    family: [],
    secondMale: ['Syaifudin', 'Hidayat', 'Mashuri', 'Fauzi', 'Firmansyah', 'Kurniawan', 'Hariyanto'],
    secondFemale: ['Hasanah', 'Kholifah', 'Mahmudah', 'Safitri', 'Anggraini', 'Susanti', 'Maulidya'],
    singleNameElderly: 0.5,
    weight: 16,
  },
  {
    regions: ['327301', '320101', '320504', '327701', '320201'],
    city: 'Jawa Barat',
    streets: ['Jl. Dago', 'Jl. Pajajaran', 'Jl. Siliwangi', 'Jl. Cihampelas', 'Jl. Suci'],
    male: ['Asep', 'Ujang', 'Dadang', 'Cecep', 'Deden', 'Yayan', 'Iwan', 'Entis', 'Jajang'],
    female: ['Euis', 'Cucu', 'Neneng', 'Iis', 'Enok', 'Tati', 'Lilis', 'Imas', 'Nining'],
    family: [],
    secondMale: ['Sunarya', 'Supriatna', 'Hidayat', 'Permana', 'Rustandi', 'Suryana', 'Gunawan', 'Mulyana'],
    secondFemale: ['Nurhayati', 'Komalasari', 'Rosita', 'Maryati', 'Kurniasih', 'Sumiati', 'Rohmawati'],
    singleNameElderly: 0.3,
    weight: 16,
  },
  {
    regions: ['317101', '317401', '317501', '317301', '367101'],
    city: 'Jakarta',
    streets: ['Jl. Kramat Raya', 'Jl. Condet Raya', 'Jl. Kebon Jeruk', 'Jl. Pramuka', 'Jl. Warung Buncit Raya'],
    male: ['Rahmat', 'Mamat', 'Jaenudin', 'Sarifudin', 'Rizky', 'Dimas', 'Fikri', 'Andre', 'Ilham'],
    female: ['Fatimah', 'Nurhasanah', 'Maemunah', 'Rohaya', 'Aisyah', 'Nabila', 'Putri', 'Salsabila'],
    family: [],
    secondMale: ['Ramadhan', 'Maulana', 'Hakim', 'Saputra', 'Pratama', 'Alfarizi'],
    secondFemale: ['Azzahra', 'Ramadhani', 'Rahmawati', 'Khairunnisa', 'Permatasari'],
    singleNameElderly: 0.5,
    weight: 12,
  },
  {
    regions: ['127101', '121201', '127301', '120801'],
    city: 'Sumatera Utara',
    streets: ['Jl. Gatot Subroto', 'Jl. Sisingamangaraja', 'Jl. Sudirman', 'Jl. Imam Bonjol'],
    male: ['Togar', 'Parlindungan', 'Hotman', 'Bonar', 'Marihot', 'Tigor', 'Rudolf', 'Lamhot', 'Saut'],
    female: ['Rosmawati', 'Lamria', 'Tiurma', 'Rugun', 'Nurhaida', 'Sondang', 'Romauli', 'Tetty'],
    family: ['Sitorus', 'Simanjuntak', 'Nasution', 'Siregar', 'Harahap', 'Lubis', 'Hutagalung', 'Panjaitan', 'Sinaga', 'Tampubolon', 'Pardede', 'Manurung'],
    weight: 8,
  },
  {
    regions: ['137101', '137501', '130601'],
    city: 'Sumatera Barat',
    streets: ['Jl. Khatib Sulaiman', 'Jl. Sudirman', 'Jl. Veteran', 'Jl. Raya Padang Panjang'],
    male: ['Rizal', 'Zulkifli', 'Afrizal', 'Hendra', 'Yusrizal', 'Irwan', 'Syafri'],
    female: ['Yusnimar', 'Rosna', 'Desi', 'Nurlela', 'Elvi', 'Yenni', 'Fitria'],
    family: [],
    secondMale: ['Effendi', 'Syahputra', 'Datuak', 'Chaniago', 'Piliang'],
    secondFemale: ['Yulianti', 'Marlina', 'Febrianti', 'Oktavia', 'Wahyuni'],
    singleNameElderly: 0.3,
    weight: 5,
  },
  {
    regions: ['117101', '110801'],
    city: 'Aceh',
    streets: ['Jl. Teuku Umar', 'Jl. Tgk. Chik Ditiro', 'Jl. Panglima Polem'],
    male: ['Teuku Ridwan', 'Muhammad Iqbal', 'Zulfikar', 'Fadhil', 'Munawar', 'Khairul'],
    female: ['Cut Rahmah', 'Nurul', 'Intan', 'Cut Nyak Dhien', 'Raihan', 'Rahmah'],
    family: [],
    secondMale: ['Ibrahim', 'Abdullah', 'Yusuf', 'Ismail', 'Hasan'],
    secondFemale: ['Fitriani', 'Safitri', 'Maulidar', 'Husna', 'Zahara'],
    weight: 3,
  },
  {
    regions: ['737101', '730801', '737201'],
    city: 'Sulawesi Selatan',
    streets: ['Jl. Somba Opu', 'Jl. Perintis Kemerdekaan', 'Jl. Urip Sumoharjo', 'Jl. AP Pettarani'],
    male: ['Andi Baso', 'Syamsul', 'Baharuddin', 'Rusdi', 'Arman', 'Andi Muh.', 'Irfan'],
    female: ['Andi Nurul', 'Hasnah', 'Sitti Nurbaya', 'Wahida', 'Nurfadilah', 'Husniah'],
    family: [],
    secondMale: ['Syamsuddin', 'Hasanuddin', 'Amiruddin', 'Rahman', 'Makmur'],
    secondFemale: ['Rahmawati', 'Nurhalisa', 'Sulfiani', 'Mustika', 'Ramlah'],
    weight: 5,
  },
  {
    regions: ['517101', '510401', '510201', '510301'],
    city: 'Bali',
    streets: ['Jl. Teuku Umar', 'Jl. Gatot Subroto Barat', 'Jl. Raya Ubud', 'Jl. Bypass Ngurah Rai'],
    male: ['Sudarsana', 'Artawan', 'Suardika', 'Widiana', 'Mahendra', 'Sutama', 'Arimbawa'],
    female: ['Ayu Sukmawati', 'Sri Wahyuni', 'Ratih', 'Ari Wulandari', 'Sukerti', 'Ayu Puspita'],
    family: [],
    birthOrder: ['Wayan', 'Made', 'Nyoman', 'Ketut', 'Gede', 'Putu', 'Kadek', 'Komang'],
    weight: 5,
  },
  {
    regions: ['717101', '710201'],
    city: 'Sulawesi Utara',
    streets: ['Jl. Sam Ratulangi', 'Jl. Piere Tendean', 'Jl. Raya Tomohon'],
    male: ['Johny', 'Frangky', 'Stevanus', 'Reinhard', 'Ferdinand', 'Vecky'],
    female: ['Meiske', 'Grace', 'Yuliana', 'Stella', 'Marlina', 'Deisy'],
    family: ['Wowor', 'Lumentut', 'Rondonuwu', 'Sondakh', 'Tumbelaka', 'Pangemanan', 'Kaunang', 'Mandagi'],
    weight: 3,
  },
  {
    regions: ['817101', '810301'],
    city: 'Maluku',
    streets: ['Jl. Pattimura', 'Jl. AY Patty', 'Jl. Dr. Kayadoe'],
    male: ['Yohanis', 'Abraham', 'Marthen', 'Ruben', 'Hasan', 'Jacob'],
    female: ['Agustina', 'Ester', 'Maria', 'Debora', 'Salma', 'Novita'],
    family: ['Pattinama', 'Latuconsina', 'Tuhumury', 'Pattiasina', 'Sahetapy', 'Leuwol', 'Tuasikal'],
    weight: 3,
  },
  {
    regions: ['917101', '910301'],
    city: 'Papua',
    streets: ['Jl. Raya Abepura', 'Jl. Sentani', 'Jl. Percetakan Negara'],
    male: ['Yakob', 'Nikolaus', 'Markus', 'Paulus', 'Yonas', 'Otto'],
    female: ['Yosina', 'Ruth', 'Martha', 'Selina', 'Yohana', 'Regina'],
    family: ['Wenda', 'Kogoya', 'Rumbiak', 'Mandowen', 'Wonda', 'Tabuni', 'Rumbewas', 'Karubaba'],
    weight: 3,
  },
  {
    regions: ['537101', '530801', '530301'],
    city: 'Nusa Tenggara Timur',
    streets: ['Jl. El Tari', 'Jl. Timor Raya', 'Jl. Soekarno'],
    male: ['Fransiskus', 'Yohanes', 'Petrus', 'Aloysius', 'Benediktus', 'Yosef'],
    female: ['Maria Goreti', 'Fransiska', 'Theresia', 'Yuliana', 'Margaretha', 'Agnes'],
    family: ['Da Costa', 'Fernandez', 'Lewar', 'Ndun', 'Manafe', 'Tallo', 'Bria', 'Seran'],
    weight: 3,
  },
  {
    regions: ['317201', '617101', '127102'],
    city: 'Jakarta Utara / Pontianak / Medan',
    streets: ['Jl. Pluit Raya', 'Jl. Gajah Mada', 'Jl. Asia', 'Jl. Mangga Besar'],
    male: ['Hendra', 'Budiman', 'Wilson', 'Kevin', 'Steven', 'Yohan', 'Aldo'],
    female: ['Lina', 'Mei Ling', 'Susanti', 'Lily', 'Vivian', 'Jessica', 'Fenny'],
    family: ['Wijaya', 'Halim', 'Tanoto', 'Gunawan', 'Kusuma', 'Salim', 'Tanjaya', 'Hartanto', 'Lim'],
    weight: 4,
  },
  {
    regions: ['637101', '647201', '627101'],
    city: 'Kalimantan',
    streets: ['Jl. Lambung Mangkurat', 'Jl. A. Yani Km 5', 'Jl. Tjilik Riwut', 'Jl. Juanda'],
    male: ['Ahmad Rifani', 'Gusti Rahmat', 'Dayat', 'Yusuf', 'Aspihani', 'Ngabut'],
    female: ['Aluh', 'Rabiatul', 'Norhayati', 'Sarinah', 'Normila', 'Anyi'],
    family: [],
    secondMale: ['Noor', 'Rahman', 'Fajri', 'Ansyari'],
    secondFemale: ['Adawiyah', 'Hayati', 'Jannah', 'Rahmah'],
    weight: 4,
  },
];

/** Mobile prefixes of the Indonesian operators (Telkomsel, Indosat, XL, Tri, Smartfren). */
export const MOBILE_PREFIXES = ['0812', '0813', '0821', '0822', '0852', '0853', '0857', '0858', '0877', '0878', '0817', '0895', '0896', '0881'];

export const INSURERS: Array<{ name: string; prefix: string }> = [
  { name: 'Prudential Indonesia', prefix: 'PRU' },
  { name: 'Allianz Life Indonesia', prefix: 'ALZ' },
  { name: 'AXA Mandiri', prefix: 'AXA' },
  { name: 'Mandiri Inhealth', prefix: 'INH' },
  { name: 'BNI Life', prefix: 'BNIL' },
  { name: 'Asuransi Sinar Mas', prefix: 'SM' },
];
