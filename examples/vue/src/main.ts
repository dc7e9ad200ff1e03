import { createApp } from 'vue';
import 'comment-thread/define.js'; // registers <comment-thread> and <comment-count>
import App from './App.vue';

createApp(App).mount('#app');
